package dev.drydock.catalog.binary;

import java.util.List;
import java.util.Optional;

/**
 * The section headers of an ELF file, read as they stream past near its end.
 *
 * @param named whether the names were read; when the name table lay too far before the header table
 *              to be kept, sections are known by offset and type only
 */
public record SectionTable(List<Section> sections, boolean named) {
    public SectionTable {
        sections = List.copyOf(sections);
    }

    public Optional<Section> named(String name) {
        return sections.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    /** The section whose file bytes start at {@code offset}. */
    public Optional<Section> startingAt(long offset) {
        return sections.stream().filter(s -> s.hasFileBytes() && s.offset() == offset).findFirst();
    }
}
