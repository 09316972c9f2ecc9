package io.github.userimporter.inbox;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.github.userimporter.rows.Action;
import io.github.userimporter.rows.CsvDialect;
import io.github.userimporter.rows.RowReader;
import io.github.userimporter.rows.RowValidator;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

import static io.github.userimporter.exchange.ExchangeProperties.INSPECTION;

/**
 * Reads an input file once before any row is posted: rejects what is not CSV text with an {@code emailAddress}
 * column, and finds the encoding, the delimiter, the row count, the repeated addresses and the SHA-256 of the bytes.
 * Then hands the route a reader of the decoded text.
 */
public final class FileInspector {


    /** Different group names a file may hold; each is looked up on the site before the first row is sent. */
    static final int MAX_GROUPS = 1000;
    /** The file names of rosters end so (or in {@code .roster.xlsx}), in any case. */
    private static final String ROSTER = ".roster.csv";
    /** The header line decides the delimiter; a longer one is not a header a person wrote. */
    private static final int MAX_HEADER_LENGTH = 64 * 1024;

    private final int maxLeavers;
    private final boolean rostersManaged;
    private final Path converted;
    private final Path mappingFile;

    /**
     * @param maxLeavers     leave rows a file may hold; a file with more is rejected. Negative: no limit (a dry run)
     * @param rostersManaged whether managed groups are set, without which a roster is rejected
     * @param state          the state folder, where a workbook's sheet and a mapped export are written while read
     * @param mappingFile    the export's mapping ({@code IMPORTER_MAPPING}), or {@code null} for none
     */
    public FileInspector(int maxLeavers, boolean rostersManaged, Path state, Path mappingFile) {
        this.maxLeavers = maxLeavers;
        this.rostersManaged = rostersManaged;
        this.converted = state.resolve("converted");
        this.mappingFile = mappingFile;
    }

    public void inspect(Exchange exchange) throws IOException {
        Path file = Path.of(exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class));
        String name = exchange.getMessage().getHeader(FileConstants.FILE_NAME_ONLY, String.class);
        boolean roster = isRoster(name);
        if (roster && !rostersManaged) {
            throw new RejectedFileException("a roster (a file named *.roster.csv or *.roster.xlsx) is the whole "
                    + "membership of the managed groups, and IMPORTER_MANAGED_GROUPS names none; nothing was sent");
        }
        // Read again for each file, so that an edited mapping serves the next export
        ExportMapping mapping = mappingFile == null ? null : mapping();
        // A workbook's sheet is read as the CSV it would have been saved as, an export through its mapping as the
        // importer's own CSV: each written to the state folder to be read
        List<Path> written = new ArrayList<>();
        Path text = file;
        try {
            if (Workbook.isWorkbook(name)) {
                text = written(written, converted.resolve(name + ".csv"), out -> Workbook.toCsv(file, out,
                        mapping == null ? null : mapping.sheet()));
            }
            List<String> exportHeaders = List.of();
            if (mapping != null) {
                Path export = text;
                List<List<String>> headers = new ArrayList<>();
                text = written(written, converted.resolve(name + ".mapped.csv"), out -> headers.add(translate(export,
                        mapping, out)));
                exportHeaders = headers.get(0);
            }
            Inspection inspection = inspect(text);
            if (mapping != null) {
                inspection = inspection.throughMapping(exportHeaders, mapping);
            }
            if (roster && inspection.rows() == 0) {
                throw new RejectedFileException("the roster has no rows: it would remove everyone from the managed "
                        + "groups; nothing was sent");
            }
            if (roster && inspection.hasAction()) {
                throw new RejectedFileException("line 1: a roster has no action column: it lists who should be in "
                        + "the managed groups, and everyone else in them is removed; nothing was sent");
            }
            exchange.setProperty(INSPECTION, inspection);
            exchange.getMessage().setBody(open(decoder(inspection.charset(), CodingErrorAction.REPLACE),
                    Files.newInputStream(text)));
        } finally {
            // These are HR's data: not left in the state folder. A reader opened on one keeps reading (its data stay
            // until it is closed), and a resumed import writes them again
            for (Path copy : written) {
                Files.deleteIfExists(copy);
            }
        }
    }

    /** The mapping, read now; one that no longer reads stops the import, which stays in the inbox. */
    private ExportMapping mapping() {
        try {
            return ExportMapping.read(mappingFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("IMPORTER_MAPPING " + e.getMessage());
        }
    }

    /** An export's text through its mapping; a file that is not text as a mapped export is rejected, saying so. */
    private static List<String> translate(Path export, ExportMapping mapping, Writer out) throws IOException {
        return readingCsv(export, () -> {
            try (BufferedReader reader = open(decoder(charsetOf(export), CodingErrorAction.REPORT),
                    Files.newInputStream(export))) {
                return ExportTranslation.translate(reader, delimiter(reader), mapping, out);
            }
        });
    }

    /** Runs a read of a CSV file, and turns what the parser raises into the rejection of the file, saying why. */
    private static <T> T readingCsv(Path file, CsvRead<T> read) throws IOException {
        try {
            return read.run();
        } catch (UncheckedIOException e) {
            // The parser reports what goes wrong after the header this way
            throw rejection(e.getCause(), file);
        } catch (CharacterCodingException | CSVException e) {
            throw rejection(e, file);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RejectedFileException("line 1: not a CSV header this importer can read: " + e.getMessage());
        }
    }

    /** A read of a CSV file. */
    @FunctionalInterface
    private interface CsvRead<T> {
        T run() throws IOException;
    }

    /** Writes a copy in the state folder, which only the importer's user may enter, and remembers it. */
    private static Path written(List<Path> written, Path copy, Writing writing) throws IOException {
        Files.createDirectories(copy.getParent());
        written.add(copy);
        try (Writer out = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            writing.to(out);
        }
        return copy;
    }

    /** What writes a copy. */
    @FunctionalInterface
    private interface Writing {
        void to(Writer out) throws IOException;
    }

    /** Whether a file of this name is a roster: the whole membership of the managed groups. */
    public static boolean isRoster(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(ROSTER) || lower.endsWith(".roster.xlsx");
    }

    Inspection inspect(Path file) throws IOException {
        Charset charset = charsetOf(file);
        MessageDigest sha256 = sha256();
        return readingCsv(file, () -> inspect(file, charset, sha256));
    }

    private Inspection inspect(Path file, Charset charset, MessageDigest sha256) throws IOException {
        try (BufferedReader reader = open(decoder(charset, CodingErrorAction.REPORT),
                new DigestInputStream(Files.newInputStream(file), sha256))) {
            char delimiter = delimiter(reader);
            CSVParser parser = CsvDialect.input(delimiter).parse(reader);
            checkHeader(parser.getHeaderNames());
            LongStream.Builder hashes = LongStream.builder();
            Set<String> groupNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            long rows = 0;
            long leavers = 0;
            for (CSVRecord record : parser) {
                rows++;
                for (String value : record) {
                    if (value.indexOf('\0') >= 0) {
                        throw notText(parser.getCurrentLineNumber());
                    }
                }
                if (record.isSet(RowReader.EMAIL_ADDRESS)) {
                    hashes.add(RowValidator.addressHash(record.get(RowReader.EMAIL_ADDRESS).trim()));
                }
                // A leaver loses every group, so the groups a leave row names are not looked up
                if (record.isSet(RowReader.ACTION) && Action.isLeave(record.get(RowReader.ACTION))) {
                    leavers++;
                } else if (record.isSet(RowReader.GROUPS)) {
                    for (String group : record.get(RowReader.GROUPS).split(";")) {
                        if (!group.isBlank()) {
                            groupNames.add(group.trim());
                        }
                    }
                    if (groupNames.size() > MAX_GROUPS) {
                        throw new RejectedFileException("line " + parser.getCurrentLineNumber() + ": the groups "
                                + "column names more than " + MAX_GROUPS + " different groups; a file of new hires "
                                + "names a few teams");
                    }
                }
            }
            // The parser has read to the end; this only makes sure the digest has seen every byte
            reader.transferTo(Writer.nullWriter());
            if (maxLeavers >= 0 && leavers > maxLeavers) {
                throw new RejectedFileException(leavers + " rows ask for a leave, more than IMPORTER_MAX_LEAVERS ("
                        + maxLeavers + ") allows; nothing was sent. If the export is right, run it once with --once "
                        + "--max-leavers " + leavers + ", or try it first with --dry-run");
            }
            return new Inspection(charset, delimiter, rows, repeated(hashes.build().toArray()),
                    HexFormat.of().formatHex(sha256.digest()), Collections.unmodifiableSet(groupNames),
                    parser.getHeaderNames().stream().anyMatch(name -> name.trim().equalsIgnoreCase(RowReader.ACTION)),
                    List.of(), null, RowReader.EMAIL_ADDRESS);
        }
    }

    private static Charset charsetOf(Path file) throws IOException {
        try (BOMInputStream in = bomStream(Files.newInputStream(file))) {
            return in.hasBOM() ? Charset.forName(in.getBOMCharsetName()) : StandardCharsets.UTF_8;
        }
    }

    private static CharsetDecoder decoder(Charset charset, CodingErrorAction onBadInput) {
        return charset.newDecoder().onMalformedInput(onBadInput).onUnmappableCharacter(onBadInput);
    }

    private static BufferedReader open(CharsetDecoder decoder, InputStream bytes) throws IOException {
        return new BufferedReader(new InputStreamReader(bomStream(bytes), decoder), 64 * 1024);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static BOMInputStream bomStream(InputStream in) throws IOException {
        return BOMInputStream.builder().setInputStream(in)
                .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE).get();
    }

    /** {@code ;} when the header has more semicolons than commas outside quotes, as Excel writes in some locales. */
    private static char delimiter(BufferedReader reader) throws IOException {
        reader.mark(MAX_HEADER_LENGTH);
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0, c; i < MAX_HEADER_LENGTH - 1 && (c = reader.read()) != -1 && (quoted || c != '\n'); i++) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        reader.reset();
        return semicolons > commas ? ';' : ',';
    }

    private static void checkHeader(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        for (String name : names) {
            if (name.indexOf('\0') >= 0) {
                throw notText(1);
            }
        }
        if (names.stream().noneMatch(name -> name.equalsIgnoreCase(RowReader.EMAIL_ADDRESS))) {
            if (names.stream().anyMatch(name -> name.contains("@"))) {
                throw new RejectedFileException("line 1: the file has no header row; its first line must name the "
                        + "columns, e.g. emailAddress,products");
            }
            throw new RejectedFileException("line 1: the header has no emailAddress column (found: "
                    + String.join(", ", names.stream().map(name -> name.length() > 40
                            ? name.substring(0, 40) + "..." : name).toList()) + ")");
        }
        for (String column : RowReader.COLUMNS) {
            List<Integer> positions = IntStream.range(0, names.size())
                    .filter(i -> names.get(i).trim().equalsIgnoreCase(column)).mapToObj(i -> i + 1).toList();
            // The reader would take the last of them, silently: a second address column would onboard other people
            if (positions.size() > 1) {
                throw new RejectedFileException("line 1: the header names the " + column + " column more than once, "
                        + "as columns " + positions.stream().map(String::valueOf).collect(Collectors.joining(" and "))
                        + "; keep one " + column + " column and rename or remove the other");
            }
        }
    }

    private static RejectedFileException rejection(IOException cause, Path file) throws IOException {
        if (cause instanceof CharacterCodingException) {
            Charset charset = charsetOf(file);
            return new RejectedFileException(whereBadBytesStart(file, charset) + ": not " + charset.name()
                    + " text (save the file as CSV UTF-8)");
        }
        if (cause instanceof CSVException) {
            return new RejectedFileException("malformed CSV: " + cause.getMessage());
        }
        throw cause;
    }

    private static RejectedFileException notText(long line) {
        return new RejectedFileException("line " + line + ": contains NUL bytes; this is not a text CSV file "
                + "(save it as CSV UTF-8)");
    }

    /**
     * Decodes again line by line, to say where the file stops being text. Line breaks are single {@code \n} bytes in
     * UTF-8 only, so other encodings are not counted.
     */
    private static String whereBadBytesStart(Path file, Charset charset) throws IOException {
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return "the file";
        }
        CharsetDecoder decoder = decoder(charset, CodingErrorAction.REPORT);
        long line = 1;
        try (InputStream in = bomStream(new BufferedInputStream(Files.newInputStream(file)))) {
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    decoder.decode(ByteBuffer.wrap(current.toByteArray()));
                    current.reset();
                    line++;
                } else {
                    current.write(b);
                }
            }
            decoder.decode(ByteBuffer.wrap(current.toByteArray()));
        } catch (CharacterCodingException e) {
            return "line " + line;
        }
        return "the file";
    }

    /** The hashes that occur more than once. */
    private static Set<Long> repeated(long[] hashes) {
        Arrays.sort(hashes);
        Set<Long> repeated = new HashSet<>();
        for (int i = 1; i < hashes.length; i++) {
            if (hashes[i] == hashes[i - 1]) {
                repeated.add(hashes[i]);
            }
        }
        return repeated;
    }
}
