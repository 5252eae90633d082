// The Go twin of examples/app.ts: the same scenario, construct for construct.
//
// Flow logs for a VPC (and so all its subnets) and for the network interface
// eni-1a2b3c4d, delivered to one log group through one role, and an alarm when
// there are 10 or more rejected SSH attempts in one hour, e-mailed to the
// security team; plus a custom detection of rejected PostgreSQL connections,
// rejected traffic to an admin port alarmed on an anomaly detection band, a
// delivery health alarm, a Contributor Insights rule, saved Logs Insights
// queries and a dashboard.
//
// Run it with `cdk synth` in this directory (cdk.json: `go mod download && go run .`).
// scripts/go-test.sh builds it against the Go module jsii-pacmak generated
// (dist/go) and checks its template equals the TypeScript example's.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	flowlogs "github.com/maintainers/cdk-flow-logs-to-cloudwatch-go/cdkflowlogstocloudwatch"
)

// NewFlowLogsExampleStack is the example stack (FlowLogsExampleStack in examples/app.ts).
func NewFlowLogsExampleStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, props)

	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{
		IpAddresses: awsec2.IpAddresses_Cidr(jsii.String("10.0.0.0/16")),
		MaxAzs:      jsii.Number(2),
		NatGateways: jsii.Number(0),
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{
			{Name: jsii.String("Public"), SubnetType: awsec2.SubnetType_PUBLIC, CidrMask: jsii.Number(24)},
			{Name: jsii.String("Isolated"), SubnetType: awsec2.SubnetType_PRIVATE_ISOLATED, CidrMask: jsii.Number(24)},
		},
	})

	// README: begin (the README's Go snippet is this block, checked by test/docs.test.ts)
	flowlogs.NewFlowLogsToCloudWatch(stack, jsii.String("FlowLogs"), &flowlogs.FlowLogsToCloudWatchProps{
		Targets: &[]flowlogs.FlowLogTarget{
			flowlogs.FlowLogTarget_FromVpc(vpc),
			flowlogs.FlowLogTarget_FromNetworkInterfaceId(jsii.String("eni-1a2b3c4d"), nil),
		},
		Detections: &[]flowlogs.FlowLogDetection{
			// >= 10 rejected SSH attempts (TCP 22, REJECT) in one hour: the document's alarm.
			flowlogs.FlowLogDetection_RejectedSsh(nil),
			// A custom detection: rejected PostgreSQL connections, >= 5 in 15 minutes.
			flowlogs.FlowLogDetection_Custom(&flowlogs.FlowLogDetectionProps{
				Name: jsii.String("RejectedPostgres"),
				Filter: flowlogs.FlowLogFilter_All().
					WhereNumber(flowlogs.FlowLogField_DST_PORT(), flowlogs.FlowLogComparison_EQUAL, jsii.Number(5432)).
					WhereNumber(flowlogs.FlowLogField_PROTOCOL(), flowlogs.FlowLogComparison_EQUAL, jsii.Number(6)).
					WhereString(flowlogs.FlowLogField_ACTION(), flowlogs.FlowLogComparison_EQUAL, jsii.String("REJECT")),
				Threshold: jsii.Number(5),
				Period:    awscdk.Duration_Minutes(jsii.Number(15)),
			}),
			// Rejected traffic to an admin port (TCP 22 or 3389: one filter, `||`), alarmed when it
			// rises above its usual level: an anomaly detection band 2 standard deviations wide.
			flowlogs.FlowLogDetection_RejectedAdminPorts(&flowlogs.FlowLogDetectionOptions{
				AnomalyBandWidth: jsii.Number(2),
			}),
		},
		AlarmEmails: jsii.Strings("secops@example.com"),
		// Operations (opt-in): an alarm when no records arrive for an hour (delivery stopped).
		DeliveryHealthPeriod: awscdk.Duration_Hours(jsii.Number(1)),
		// Insight (opt-in): who is behind an alarm.
		ContributorRules: &[]flowlogs.FlowLogContributorRule{
			flowlogs.FlowLogContributorRule_TopRejectedSources(nil),
		},
		Queries: &[]flowlogs.FlowLogQuery{
			flowlogs.FlowLogQuery_RejectedBySource(nil),
			flowlogs.FlowLogQuery_TopTalkers(nil),
			flowlogs.FlowLogQuery_RejectedSshOverTime(nil),
			flowlogs.FlowLogQuery_ForInterface(jsii.String("eni-1a2b3c4d"), nil),
		},
		Dashboard: jsii.Bool(true),
	})
	// README: end

	return stack
}

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	NewFlowLogsExampleStack(app, "FlowLogsExample", nil)
	app.Synth(nil)
}
