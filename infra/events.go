package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// PlatformEvents is the stage's custom event bus with an archive of every
// event a Conveyor service publishes, so that events can be replayed.
type PlatformEvents struct {
	constructs.Construct
	// Bus is the custom event bus every service publishes to.
	Bus awsevents.EventBus
	// Archive keeps the bus's events for replay.
	Archive awsevents.Archive
}

// NewPlatformEvents adds the event bus and its archive to scope.
func NewPlatformEvents(scope constructs.Construct, id string, stage Stage) *PlatformEvents {
	c := constructs.NewConstruct(scope, jsii.String(id))
	bus := awsevents.NewEventBus(c, jsii.String("Bus"), &awsevents.EventBusProps{
		EventBusName: jsii.String(stage.EventBusName()),
		Description:  jsii.String("Conveyor " + stage.Name + ": the events every service publishes."),
	})
	archiveProps := &awsevents.BaseArchiveProps{
		ArchiveName: jsii.String(stage.EventBusName() + "-archive"),
		Description: jsii.String("Every Conveyor event on the bus, for replay."),
		EventPattern: &awsevents.EventPattern{
			Source: awsevents.Match_Prefix(jsii.String("conveyor.")),
		},
	}
	if stage.ArchiveRetentionDays > 0 {
		archiveProps.Retention = awscdk.Duration_Days(jsii.Number(stage.ArchiveRetentionDays))
	}
	archive := bus.Archive(jsii.String("Archive"), archiveProps)
	return &PlatformEvents{Construct: c, Bus: bus, Archive: archive}
}
