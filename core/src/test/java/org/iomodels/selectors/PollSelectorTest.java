package org.iomodels.selectors;

class PollSelectorTest extends SelectorContract {
    @Override
    protected Selector newSelector() {
        return new PollSelector();
    }
}
