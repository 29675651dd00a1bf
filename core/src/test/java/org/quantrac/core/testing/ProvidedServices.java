package org.quantrac.core.testing;

import java.nio.file.Path;

/**
 * Servers the tests did not find through variables but started themselves. An interface without Testcontainers
 * types, so that {@link TestServices} never loads Testcontainers classes in modules that run with the variables set
 * (core's test-scoped Testcontainers dependency does not reach other modules' test class paths).
 */
interface ProvidedServices {

    String kafka();

    String mqtt();

    Path mqttCredentialsFile();

    String dbUrl();
}
