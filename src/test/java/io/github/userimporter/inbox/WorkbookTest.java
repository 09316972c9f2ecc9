package io.github.userimporter.inbox;

import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.Run;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;

/** Excel workbooks as HR saves them, read as a CSV file is: through the real route, and the sheet as it is read. */
class WorkbookTest extends ImporterTestSupport {

    @Test
    void aWorkbooksFirstSheetIsImportedAsACsvFileWouldBeAndArchivedAsItCame() throws Exception {
        Path input = workbook(importer.inbox.resolve("hires.xlsx"));

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        List<CSVRecord> succeeded = readCsv(importer.output("hires", ".succeeded.csv"));
        // A row's line is its row in the sheet: the blank row 3 still counts
        assertThat(succeeded).extracting(row -> row.get("emailAddress") + "|" + row.get("groups") + "|" + row.get("line"))
                .containsExactlyInAnyOrder("ana@bancly.com|engineering|2", "ben@bancly.com|engineering|4");
        assertThat(readCsv(importer.output("hires", ".failed.csv"))).extracting(row -> row.get("emailAddress") + "|"
                + row.get("line")).containsExactly("not-an-address|5");
        assertThat(importer.simulator.members("engineering")).hasSize(2);
        assertThat(input).doesNotExist();
        assertThat(importer.archived()).singleElement().asString().endsWith(".xlsx");
        // The sheet written as CSV to be read is not left in the state folder
        try (var converted = Files.list(importer.state.resolve("converted"))) {
            assertThat(converted).isEmpty();
        }
    }

    @Test
    void datesAndNumbersAreWrittenAsExcelStoresThemNotAsTheSheetShowsThem() throws Exception {
        StringWriter csv = new StringWriter();

        Workbook.toCsv(workbook(folder.resolve("hires.xlsx")), csv, null);

        assertThat(csv.toString().lines()).containsExactly("emailAddress,products,groups,employeeId,hireDate",
                "ana@bancly.com,jira-software,engineering,100234,2027-03-14", "",
                "ben@bancly.com,jira-software,engineering,1.5,2026-12-01", "not-an-address,jira-software,,,");
    }

    @Test
    void aFileNamedXlsxThatIsNoWorkbookIsRejectedSayingSo() throws Exception {
        importer.drop("hires.xlsx", "emailAddress\nana@bancly.com\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        try (var rejected = Files.list(importer.inbox.resolve(".error"))) {
            assertThat(rejected.filter(file -> file.toString().endsWith(".error.txt")).findFirst().orElseThrow())
                    .content().contains("not an Excel workbook this importer can read");
        }
        assertThat(importer.simulator.createRequests()).isZero();
    }

    @Test
    void aMappingNamesTheSheetToReadAndTheFailedFileKeepsItsColumns() throws Exception {
        importer.mapping("sheet: hires\n");
        workbook(importer.inbox.resolve("hires.xlsx"), "Read me first");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(readCsv(importer.output("hires", ".succeeded.csv"))).hasSize(2);
        // The sheet's own columns, dates and numbers as Excel stores them
        assertThat(readCsv(importer.output("hires", ".failed.csv"))).singleElement().satisfies(row -> {
            assertThat(row.get("emailAddress")).isEqualTo("not-an-address");
            assertThat(row.get("hireDate")).isEmpty();
            assertThat(row.get("line")).isEqualTo("5");
        });
    }

    @Test
    void aDateCellIsAStartDateWhateverFormatTheSheetShowsItIn() throws Exception {
        // The mapping's format is for text cells; a date cell is a date
        importer.mapping("columns:\n  startDate: hireDate\nstartDate:\n  format: d.M.yyyy\n  daysAhead: 0\n");
        importer.clock.setDay(LocalDate.of(2026, 12, 1));
        workbook(importer.inbox.resolve("hires.xlsx"));

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(readCsv(importer.output("hires", ".scheduled.csv"))).singleElement().satisfies(row -> {
            assertThat(row.get("emailAddress")).isEqualTo("ana@bancly.com");
            assertThat(row.get("importOn")).isEqualTo("2027-03-14");
            assertThat(row.get("employeeId")).isEqualTo("100234");
        });
        assertThat(importer.simulator.users()).containsKey("ben@bancly.com").doesNotContainKey("ana@bancly.com");
    }

    /** An export as a person saves it: a date shown as 3/14/27, an ID stored as a number, a blank row. */
    private Path workbook(Path file, String... sheetsBefore) throws Exception {
        importer.simulator.group("engineering");
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            for (String name : sheetsBefore) {
                book.createSheet(name).createRow(0).createCell(0).setCellValue("Exported by the HR system");
            }
            Sheet sheet = book.createSheet("Hires");
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("m/d/yy"));
            row(sheet, 0, "emailAddress", "products", "groups", "employeeId", "hireDate");
            Row ana = row(sheet, 1, "ana@bancly.com", "jira-software", "engineering");
            ana.createCell(3).setCellValue(100234);
            ana.createCell(4).setCellValue(LocalDate.of(2027, 3, 14));
            ana.getCell(4).setCellStyle(date);
            Row ben = row(sheet, 3, "ben@bancly.com", "jira-software", "engineering");
            ben.createCell(3).setCellValue(1.5);
            ben.createCell(4).setCellValue(LocalDate.of(2026, 12, 1));
            ben.getCell(4).setCellStyle(date);
            Row bad = row(sheet, 4, "not-an-address", "jira-software");
            bad.createCell(4).setCellValue("");
            book.write(out);
        }
        return file;
    }

    private static Row row(Sheet sheet, int index, String... values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            row.createCell(i).setCellValue(values[i]);
        }
        return row;
    }
}
