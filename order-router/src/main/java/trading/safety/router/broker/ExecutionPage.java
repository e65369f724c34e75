package trading.safety.router.broker;

import java.util.List;

/**
 * Executions after a cursor, oldest first, and the cursor to ask from next time. Cursors are opaque
 * to the router (a sequence number for the paper broker, a page token for a REST broker); the router
 * stores the last one it published with the fills it published, in the same transaction.
 */
public record ExecutionPage(List<Execution> executions, String nextCursor) {

    public ExecutionPage {
        executions = List.copyOf(executions);
    }
}
