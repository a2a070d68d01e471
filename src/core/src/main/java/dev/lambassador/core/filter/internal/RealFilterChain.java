package dev.lambassador.core.filter.internal;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import java.util.List;

/**
 * A chain positioned at one filter; each {@link #proceed} makes the chain for the next. A filter
 * may proceed more than once (a retry), and the chain fails loudly, naming the filter, when one
 * proceeds past the end or returns nothing.
 */
public final class RealFilterChain implements FilterChain {

    private final List<Filter> filters;
    private final int index;
    private final Exchange exchange;

    public RealFilterChain(List<Filter> filters, int index, Exchange exchange) {
        this.filters = filters;
        this.index = index;
        this.exchange = exchange;
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    @Override
    public GatewayResponse proceed(GatewayRequest request) throws Exception {
        if (index >= filters.size()) {
            throw new IllegalStateException(index == 0 ? "the filter chain is empty"
                    : "filter " + filters.get(index - 1).getClass().getName()
                    + " called proceed() but it is the last filter; the chain must end in one that answers");
        }
        Filter filter = filters.get(index);
        GatewayResponse response = filter.filter(request, new RealFilterChain(filters, index + 1, exchange));
        if (response == null) {
            throw new IllegalStateException("filter " + filter.getClass().getName() + " returned no response");
        }
        return response;
    }
}
