package io.github.userimporter;

import java.util.Iterator;
import java.util.List;

import org.apache.camel.Body;

/**
 * Decides, before any request, whether a row can be posted and with which products. Rows are validated in file order,
 * on the thread that reads the file.
 */
public final class RowValidator {

    private final List<String> defaultProducts;

    public RowValidator(List<String> defaultProducts) {
        this.defaultProducts = defaultProducts;
    }

    /** Validates each row as the splitter pulls it, so the file is still streamed. */
    public Iterator<Row> validate(@Body Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return validate(rows.next());
            }
        };
    }

    Row validate(Row row) {
        if (row.emailAddress().isEmpty()) {
            return row.invalid("emailAddress is empty");
        }
        List<String> keys = Settings.productKeys(row.productsCell());
        if (keys.isEmpty()) {
            if (defaultProducts.isEmpty()) {
                return row.invalid("products is empty and no default is configured (IMPORTER_DEFAULT_PRODUCTS)");
            }
            keys = defaultProducts;
        }
        return row.withProducts(keys);
    }
}
