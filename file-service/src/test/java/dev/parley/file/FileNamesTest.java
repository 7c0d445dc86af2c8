package dev.parley.file;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("File names")
class FileNamesTest {

  @ParameterizedTest(name = "{0} becomes {1}")
  @CsvSource(delimiterString = " => ", value = {
      "../../etc/passwd => passwd",
      "..\\\\windows\\\\system32\\\\cmd.exe => cmd.exe",
      "a\u202Etxt.exe => atxt.exe",
      "report\u2066.pdf\u2069.exe => report.pdf.exe",
      "tab\there\u0000.txt => tab here.txt",
      "what?<is>|this*.doc => what__is__this_.doc",
      "  .hidden   => hidden",
      "Übung 1.pdf => Übung 1.pdf",
      "... => file"})
  @DisplayName("Path segments, control, format and bidi characters, reserved characters and leading dots are removed")
  void sanitised(String given, String expected) {
    assertThat(FileNames.sanitise(given)).isEqualTo(expected);
  }

  @Test
  @DisplayName("A name of 10,000 characters is cut to 255 bytes of UTF-8, keeping its extension")
  void long10000() {
    String name = FileNames.sanitise("ü".repeat(10_000) + ".pdf");

    assertThat(name).endsWith(".pdf");
    assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255).isGreaterThan(250);
  }

  @Test
  @DisplayName("No name at all becomes 'file'")
  void empty() {
    assertThat(FileNames.sanitise(null)).isEqualTo("file");
    assertThat(FileNames.sanitise("/")).isEqualTo("file");
  }
}
