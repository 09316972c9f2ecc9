package io.github.userimporter;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The packages depend on each other as their package-info says, and only one way. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.github.userimporter");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.github.userimporter.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachPackageUsesOnlyWhatItsPackageInfoAllows() {
        layers().check(MAIN);
    }

    /** One layer a package; what may use it mirrors what each package-info says it may use. */
    static LayeredArchitecture layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("program").definedBy("io.github.userimporter")
                .layer("imports").definedBy("io.github.userimporter.imports..")
                .layer("inbox").definedBy("io.github.userimporter.inbox..")
                .layer("roster").definedBy("io.github.userimporter.roster..")
                .layer("site").definedBy("io.github.userimporter.site..")
                .layer("pacing").definedBy("io.github.userimporter.pacing..")
                .layer("exchange").definedBy("io.github.userimporter.exchange..")
                .layer("rows").definedBy("io.github.userimporter.rows..")
                .layer("ops").definedBy("io.github.userimporter.ops..")
                .layer("report").definedBy("io.github.userimporter.report..")
                .layer("simulator").definedBy("io.github.userimporter.simulator..")
                .layer("sftp").definedBy("io.github.userimporter.sftp..")
                .layer("cluster").definedBy("io.github.userimporter.cluster..")
                .layer("mail").definedBy("io.github.userimporter.mail..")
                .whereLayer("program").mayNotBeAccessedByAnyLayer()
                .whereLayer("imports").mayOnlyBeAccessedByLayers("program")
                .whereLayer("roster").mayOnlyBeAccessedByLayers("program", "imports")
                .whereLayer("inbox").mayOnlyBeAccessedByLayers("program", "imports", "roster", "sftp")
                .whereLayer("site").mayOnlyBeAccessedByLayers("program", "imports", "roster")
                .whereLayer("pacing").mayOnlyBeAccessedByLayers("program", "site")
                .whereLayer("exchange").mayOnlyBeAccessedByLayers("program", "imports", "inbox", "roster", "site",
                        "pacing", "rows")
                .whereLayer("rows").mayOnlyBeAccessedByLayers("program", "imports", "inbox", "roster", "site")
                .whereLayer("ops").mayOnlyBeAccessedByLayers("program", "imports", "site", "pacing", "sftp", "cluster",
                        "mail")
                .whereLayer("report").mayOnlyBeAccessedByLayers("program", "imports")
                .whereLayer("simulator").mayOnlyBeAccessedByLayers("program")
                .whereLayer("sftp").mayOnlyBeAccessedByLayers("program")
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("program")
                .whereLayer("mail").mayOnlyBeAccessedByLayers("program");
    }
}
