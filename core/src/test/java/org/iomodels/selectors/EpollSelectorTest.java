package org.iomodels.selectors;

import java.io.IOException;

class EpollSelectorTest extends SelectorContract {
    @Override
    protected Selector newSelector() throws IOException {
        return new EpollSelector();
    }
}
