package io.github.userimporter.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.ParserConfigurationException;

import io.github.userimporter.rows.CsvDialect;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads an Excel workbook ({@code .xlsx}) as the importer reads a CSV file: its first sheet (or the one the mapping
 * names), the first row the header, parsed as it is read by Apache POI's event API, never held whole. A date is
 * written {@code yyyy-MM-dd} whatever format the sheet shows it in, a number as it is stored (no exponent, no
 * trailing zeros), text as it is. Blank rows stay as blank lines, so a row's line is its row number in the sheet.
 */
public final class Workbook {

    private Workbook() {
    }

    /** Whether a file of this name is an Excel workbook. */
    public static boolean isWorkbook(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    /**
     * Writes a sheet as CSV.
     *
     * @param sheetName the sheet's name, any case; {@code null} for the first
     * @throws RejectedFileException when the file is not a workbook this importer can read, or has no such sheet
     */
    static void toCsv(Path workbook, Writer out, String sheetName) throws IOException {
        try (OPCPackage zip = OPCPackage.open(workbook.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(zip);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            InputStream sheet = null;
            List<String> names = new ArrayList<>();
            while (sheet == null && sheets.hasNext()) {
                InputStream next = sheets.next();
                names.add(sheets.getSheetName());
                if (sheetName == null || sheets.getSheetName().equalsIgnoreCase(sheetName)) {
                    sheet = next;
                } else {
                    next.close();
                }
            }
            if (sheet == null) {
                throw new RejectedFileException(sheetName == null ? "the workbook has no sheet" : "the workbook has "
                        + "no sheet " + sheetName + ", which the mapping names; it has " + String.join(", ", names));
            }
            CSVPrinter printer = new CSVPrinter(out, CsvDialect.OUTPUT);
            try (InputStream chosen = sheet) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(),
                        new ReadOnlySharedStringsTable(zip), new Rows(printer), new StoredValues(), false));
                parser.parse(new InputSource(chosen));
            }
            printer.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            if (e instanceof RejectedFileException rejected) {
                throw rejected;
            }
            throw new RejectedFileException("not an Excel workbook this importer can read (" + e.getMessage()
                    + "): save it again as .xlsx, or as CSV UTF-8");
        }
    }

    /** Writes each row as a CSV record as it is parsed, a blank line for each row the sheet leaves out. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {

        private final CSVPrinter printer;
        private final List<String> cells = new ArrayList<>();
        private int lastRow = -1;

        Rows(CSVPrinter printer) {
            this.printer = printer;
        }

        @Override
        public void startRow(int row) {
            try {
                for (int blank = lastRow + 1; blank < row; blank++) {
                    printer.println();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lastRow = row;
            cells.clear();
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(value == null ? "" : value);
        }

        @Override
        public void endRow(int row) {
            try {
                if (cells.isEmpty()) {
                    printer.println();
                } else {
                    printer.printRecord(cells);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Dates and numbers as Excel stores them, not as the sheet happens to show them. */
    private static final class StoredValues extends DataFormatter {

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return formatRawCellContents(value, formatIndex, formatString, false);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString,
                boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime when = DateUtil.getLocalDateTime(value, use1904Windowing);
                return when.toLocalTime().equals(LocalTime.MIDNIGHT) ? when.toLocalDate().toString()
                        : when.toString();
            }
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }
}
