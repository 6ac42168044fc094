package dev.parley.itests.rig;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that hands a test method a fresh {@link Rig} parameter and closes it after the
 * test, pass or fail; on failure it first prints the tails of the rig's logs to stderr.
 *
 * <pre>{@code
 * @ExtendWith(RigExtension.class)
 * class MyIT {
 *     @Test void talks(Rig rig) { ... }
 * }
 * }</pre>
 */
public final class RigExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RigExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Rig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String method = context.getRequiredTestMethod().getName();
        String display = context.getDisplayName();
        String name = context.getRequiredTestClass().getSimpleName() + "-" + method
                + (display.startsWith(method + "(") ? "" : "-" + display);
        Rig rig = Rig.start(name);
        context.getStore(NS).put("rig", rig);
        return rig;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Rig rig = context.getStore(NS).remove("rig", Rig.class);
        if (rig == null) {
            return;
        }
        try {
            if (context.getExecutionException().isPresent()) {
                rig.dumpLogs(System.err, 40);
            }
        } finally {
            rig.close();
        }
    }
}
