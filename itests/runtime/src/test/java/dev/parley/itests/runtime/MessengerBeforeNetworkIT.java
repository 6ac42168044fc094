package dev.parley.itests.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.parley.api.account.AccountService;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.Friend;
import dev.parley.api.friends.FriendsService;
import dev.parley.api.profile.ProfileService;
import dev.parley.dht.DhtService;
import dev.parley.onion.OnionService;
import dev.parley.profile.ToxSave;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The Messenger's services do not wait for the network (core feature, real framework): with the
 * DHT's bundle stopped (so no DHT and no onion client), opening a profile publishes its profile,
 * friends and chat services at once, listing the friends from the save, and a message can be sent
 * (it waits in the outbox). When the DHT's bundle starts again the onion client of the profile
 * comes and the Messenger attaches to it without restarting (its registration stays).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MessengerBeforeNetworkIT {
    static final long DEADLINE_MS = 30_000;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return Distribution.examOptions("core");
    }

    @Test
    public void theSavedFriendsAreServedWithoutADhtAndTheMessengerStaysWhenItComes() throws Exception {
        AccountService account = FeatureBootSupport.waitFor(context, AccountService.class);
        String profile = "early-" + UUID.randomUUID().toString().substring(0, 8);
        String filter = "(&(objectClass=" + FriendsService.class.getName() + ")(parley.profile=" + profile + "))";
        account.create(profile, "Early", null);
        FriendsService online = (FriendsService) context.getService(awaitService(filter));
        String friendId = HexFormat.of().withUpperCase().formatHex(ToxSave.generate().toxId().toBytes());
        Friend saved = online.add(friendId, "hello from the IT");
        account.close();
        await("the Messenger of the closed profile gone", () -> references(filter) == null);

        Bundle dht = bundle("dev.parley.dht");
        dht.stop();
        ServiceReference<?> ref;
        try {
            await("no DHT", () -> context.getServiceReference(DhtService.class) == null);
            await("no onion client", () -> context.getServiceReference(OnionService.class) == null);
            account.open(profile, null);
            ref = awaitService(filter);
            Object messenger = context.getService(ref);
            FriendsService friends = (FriendsService) messenger;
            assertEquals("the friend from the save", List.of(saved.key()),
                    friends.friends().stream().map(Friend::key).toList());
            assertEquals("Early", ((ProfileService) messenger).name());
            long id = ((ChatService) messenger).send(saved.key(), MessageKind.NORMAL, "written before the network");
            assertTrue("a message id", id > 0);
            assertNull("still no DHT", context.getServiceReference(DhtService.class));
        } finally {
            dht.start();
        }
        long before = (Long) ref.getProperty(Constants.SERVICE_ID);
        await("the onion client of the profile", () -> context.getServiceReference(OnionService.class) != null);
        ServiceReference<?>[] now = references(filter);
        assertTrue("the Messenger is still published", now != null && now.length == 1);
        assertEquals("the Messenger attached to the node without restarting", before,
                ((Long) now[0].getProperty(Constants.SERVICE_ID)).longValue());
        account.close();
    }

    private ServiceReference<?>[] references(String filter) {
        try {
            return context.getServiceReferences((String) null, filter);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ServiceReference<?> awaitService(String filter) throws InterruptedException {
        await(filter, () -> references(filter) != null);
        return references(filter)[0];
    }

    private Bundle bundle(String bsn) {
        return FeatureBootSupport.bundle(context, bsn);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        FeatureBootSupport.await(what, DEADLINE_MS, condition);
    }
}
