package io.influxupgrade.commands.meta;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Crc64Test {

    @Test
    void matchesTheCrc64XzCheckValue() {
        assertThat(Crc64.checksum("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x995DC9BBDF1939FAL);
        assertThat(Crc64.checksum(new byte[0])).isZero();
    }

    @Test
    void bigEndianBytesPutTheHighByteFirst() {
        assertThat(Crc64.bigEndian(0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }
}
