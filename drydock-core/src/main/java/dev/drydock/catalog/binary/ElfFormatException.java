package dev.drydock.catalog.binary;

/** An ELF file whose headers contradict themselves or the file's size; the file is skipped with this message. */
public final class ElfFormatException extends Exception {
    public ElfFormatException(String message) {
        super(message, null, false, false);
    }
}
