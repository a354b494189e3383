package io.influxupgrade.commands.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "connect --password s3cret --user admin | connect --password ******** --user admin",
            "connect --password=s3cret | connect --password=********",
            "connect --password 'two words' | connect --password ********",
            "INFLUX_PASSWORD=s3cret scripts/x | INFLUX_PASSWORD=******** scripts/x",
            "connect --url http://admin:s3cret@127.0.0.1:8086 | connect --url http://admin:********@127.0.0.1:8086",
            "CREATE USER bob WITH PASSWORD 's3cret' | CREATE USER bob WITH PASSWORD ********",
            "Unrecognised option '--password=s3cret' | Unrecognised option '--password=********",
            "session show | session show",
    })
    void removesSecrets(String in, String expected) {
        assertThat(Redactor.redact(in)).isEqualTo(expected).doesNotContain("s3cret");
    }
}
