package trading.safety.console.api;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import trading.safety.console.auth.Allowed;
import trading.safety.console.auth.Role;
import trading.safety.console.lag.ConsumerLagMonitor;
import trading.safety.console.lag.LagReport;

/** Consumer lag per group and partition, with each group's threshold and alert state. */
@RestController
@RequestMapping("/api/v1")
public class LagController {

    private final ConsumerLagMonitor monitor;

    public LagController(ConsumerLagMonitor monitor) {
        this.monitor = monitor;
    }

    @GetMapping("/lag")
    @Allowed(Role.VIEWER)
    public LagReport lag() {
        return monitor.report();
    }
}
