package com.associationenricher.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service jar leaves out {@code com.associationenricher.tools} and the test machinery the tools need, so service
 * code (every package but {@code tools}) must not use them: a class that did would compile, pass the tests (which see
 * the full classpath) and then fail in production with NoClassDefFoundError. Reads the compiled main classes.
 */
class ArchitectureTest {
    static final String TOOLS = "com.associationenricher.tools..";
    static final String[] TEST_MACHINERY = {
            "org.apache.kafka.common.test..", // the in-JVM broker (kafka-test-common-runtime)
            "kafka..", "scala..",              // the broker itself and its language runtime
            "org.junit..",                      // JUnit Platform, which the test kit pulls in
            "io.confluent.parallelconsumer..",  // the bench's contender
    };

    static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.associationenricher");
    }

    @Test
    void theImportSeesServiceAndToolsClasses() {
        assertThat(mainClasses.stream().map(c -> c.getPackageName()))
                .contains("com.associationenricher.cli", "com.associationenricher.pipeline",
                        "com.associationenricher.tools.cli", "com.associationenricher.tools.simulator");
    }

    @Test
    void serviceCodeDoesNotDependOnTools() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(TOOLS)
                .should().dependOnClassesThat().resideInAPackage(TOOLS)
                .because("the service jar does not contain com.associationenricher.tools");
        rule.check(mainClasses);
    }

    @Test
    void serviceCodeDoesNotDependOnTestMachinery() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(TOOLS)
                .should().dependOnClassesThat().resideInAnyPackage(TEST_MACHINERY)
                .because("the service jar leaves out the Kafka broker, Scala, JUnit and Parallel Consumer");
        rule.check(mainClasses);
    }
}
