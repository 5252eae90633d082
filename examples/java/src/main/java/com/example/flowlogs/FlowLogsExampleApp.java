package com.example.flowlogs;

import software.amazon.awscdk.App;

/**
 * Run it with {@code cdk synth} in examples/java (cdk.json: {@code mvn -e -q compile exec:java}).
 * scripts/java-test.sh builds it against the Maven artifact jsii-pacmak generated (dist/java) and
 * checks its template equals the TypeScript example's.
 */
public final class FlowLogsExampleApp {
    private FlowLogsExampleApp() {
    }

    public static void main(final String[] args) {
        App app = new App();
        new FlowLogsExampleStack(app, "FlowLogsExample");
        app.synth();
    }
}
