package dev.parley.runtime;

import dev.parley.api.ParleyRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Registers the launcher's facts as the {@link ParleyRuntime} service. */
@Component(service = ParleyRuntime.class)
public final class RuntimeComponent implements ParleyRuntime {

    private final RuntimeFacts facts;

    @Activate
    public RuntimeComponent(BundleContext context) {
        this.facts = RuntimeFacts.from(context::getProperty, System.getenv());
    }

    @Override
    public String version() {
        return facts.version();
    }

    @Override
    public String feature() {
        return facts.feature();
    }

    @Override
    public Path dataDirectory() {
        return facts.dataDirectory();
    }

    @Override
    public Optional<Path> installDirectory() {
        return facts.installDirectory();
    }

    @Override
    public List<String> arguments() {
        return facts.arguments();
    }
}
