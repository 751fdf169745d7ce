package org.iomodels.process.manager;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/** A class off the allow-list whose deserialization leaves a mark: it must never be built where it is refused. */
final class Gadget implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final String mark;

    Gadget(Path mark) {
        this.mark = mark.toString();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Files.writeString(Path.of(mark), "built");
    }
}
