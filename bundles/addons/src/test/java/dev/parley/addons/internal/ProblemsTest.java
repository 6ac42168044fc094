package dev.parley.addons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void felixResolutionFailuresBecomeTheMissingRequirement() {
        String felix = "Unable to resolve org.example.needy [42](R 42.0): missing requirement [org.example.needy [42](R 42.0)]"
                + " osgi.wiring.package; (osgi.wiring.package=org.nowhere) Unresolved requirements:"
                + " [[org.example.needy [42](R 42.0)] osgi.wiring.package; (osgi.wiring.package=org.nowhere)]";
        assertEquals("cannot resolve: missing package org.nowhere", Problems.startFailure(new Exception(felix)));

        String versioned = "Unable to resolve x [7](R 7.0): missing requirement [x [7](R 7.0)] osgi.wiring.package;"
                + " (&(osgi.wiring.package=dev.parley.api.addon)(version>=9.0.0)(!(version>=10.0.0)))"
                + " Unresolved requirements: [[x [7](R 7.0)] osgi.wiring.package; (...)]";
        assertEquals("cannot resolve: missing package dev.parley.api.addon"
                + " (&(osgi.wiring.package=dev.parley.api.addon)(version>=9.0.0)(!(version>=10.0.0)))",
                Problems.startFailure(new Exception(versioned)));

        String other = "Unable to resolve y [8](R 8.0): missing requirement [y [8](R 8.0)] osgi.ee;"
                + " (&(osgi.ee=JavaSE)(version=99)) Unresolved requirements: [...]";
        assertEquals("cannot resolve: missing requirement osgi.ee; (&(osgi.ee=JavaSE)(version=99))",
                Problems.startFailure(new Exception(other)));
        assertEquals("cannot start: Activator start error in bundle z [9].",
                Problems.startFailure(new Exception("Activator start error\n in bundle z [9].")));
    }
}
