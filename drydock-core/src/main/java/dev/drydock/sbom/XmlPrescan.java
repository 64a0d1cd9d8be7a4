package dev.drydock.sbom;

import dev.drydock.image.BadInputException;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;

/**
 * Reads an XML SBOM once with a parser that resolves nothing, before any library sees it. A DOCTYPE is refused:
 * CycloneDX needs none, and a DTD is how an XML document makes a parser read local files (XXE) or expand
 * entities without bound. The same pass bounds nesting (the JDK parser's own element-depth limit, 100 by
 * default, may refuse first) and counts components, so the library that parses the
 * document into objects afterwards gets only flat-enough, entity-free XML.
 *
 * @param namespace the root element's namespace URI, empty when it has none
 * @param root      the root element's local name
 * @param components how many {@code component} elements there are, at any depth
 */
record XmlPrescan(String namespace, String root, int components) {
    private static final XMLInputFactory FACTORY = hardenedFactory();

    static XmlPrescan of(byte[] bytes, SbomLimits limits) {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(bytes));
            String namespace = null;
            String root = null;
            int depth = 0;
            int components = 0;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new BadInputException(
                            "SBOM XML with a DOCTYPE is not accepted: CycloneDX needs none, and a DTD can make an XML parser read local files");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new BadInputException("SBOM XML refers to an undeclared entity &" + SbomText.safe(r.getLocalName()) + ";");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++depth > SbomLimits.MAX_STRUCTURE_DEPTH) {
                            throw new BadInputException("SBOM XML nests deeper than " + SbomLimits.MAX_STRUCTURE_DEPTH + " elements");
                        }
                        if (root == null) {
                            root = r.getLocalName();
                            namespace = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                        }
                        if (r.getLocalName().equals("component") && ++components > limits.maxComponents()) {
                            throw new BadInputException("SBOM lists more than " + limits.maxComponents() + " components; drydock reads at most that many");
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    default -> {
                        // text, comments and processing instructions carry nothing to check
                    }
                }
            }
            if (root == null) throw new BadInputException("SBOM XML has no root element");
            return new XmlPrescan(namespace, root, components);
        } catch (XMLStreamException e) {
            throw new BadInputException("malformed XML in SBOM: " + describe(e));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing held open: the input is an array in memory
                }
            }
        }
    }

    /** The JDK parser's message is "ParseError at [row,col]:[r,c]" and the reason on the next line; one line of both. */
    private static String describe(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int reason = message.indexOf("Message: ");
        String text = reason >= 0 ? message.substring(reason + "Message: ".length()) : message;
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")";
        return BoundedJson.oneLine(text) + where;
    }

    /** The JDK's own StAX parser (not whatever the class path offers), told to resolve no DTD or entity at all. */
    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + SbomText.safe(systemId));
        });
        return f;
    }
}
