package dev.lambassador.authorizer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file refers to, read from its constant pool: class entries, and the types
 * named in descriptors and signatures. Enough to find references to classes a jar lacks.
 */
final class ClassReferences {

    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([A-Za-z0-9_/$]+)[;<]");

    private ClassReferences() {
    }

    /** Internal names, such as {@code software/amazon/awssdk/core/SdkRequest}. */
    static Set<String> of(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndexes = new int[count];
        int classes = 0;
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> {
                    byte[] bytes = new byte[in.readUnsignedShort()];
                    in.readFully(bytes);
                    // Modified UTF-8 differs from UTF-8 only for characters no class name here uses.
                    utf8[index] = new String(bytes, StandardCharsets.UTF_8);
                }
                case 7 -> classNameIndexes[classes++] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    index++; // longs and doubles take two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < classes; i++) {
            String name = utf8[classNameIndexes[i]];
            if (name.startsWith("[")) {
                Matcher element = TYPE_IN_DESCRIPTOR.matcher(name);
                if (element.find()) {
                    names.add(element.group(1));
                }
            } else {
                names.add(name);
            }
        }
        for (String text : utf8) {
            if (text != null && text.indexOf(';') > 0) {
                Matcher type = TYPE_IN_DESCRIPTOR.matcher(text);
                while (type.find()) {
                    names.add(type.group(1));
                }
            }
        }
        return names;
    }
}
