package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// ServiceTable is a service's own DynamoDB table, built from its
// declaration: point-in-time recovery and encryption with the AWS-managed
// key always; a stream and TTL when declared; deletion protection in
// production; on-demand unless the stage gives it provisioned capacity,
// which then scales by target tracking, indexes included.
type ServiceTable struct {
	constructs.Construct
	Table awsdynamodb.Table
	// IndexNames are the table's global secondary indexes.
	IndexNames []string
}

// NewServiceTable adds the service's table to scope.
func NewServiceTable(scope constructs.Construct, id string, stage Stage, svc spec.Service) *ServiceTable {
	c := constructs.NewConstruct(scope, jsii.String(id))
	decl := svc.Table
	capacity, provisioned := stage.Tables[svc.Name]
	props := &awsdynamodb.TableProps{
		TableName:    jsii.String(stage.TableName(svc.Name)),
		PartitionKey: attribute(decl.PartitionKey),
		SortKey:      optionalAttribute(decl.SortKey),
		BillingMode:  awsdynamodb.BillingMode_PAY_PER_REQUEST,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
		Encryption:         awsdynamodb.TableEncryption_AWS_MANAGED,
		DeletionProtection: jsii.Bool(stage.Production),
		RemovalPolicy:      removalPolicy(stage),
	}
	if provisioned {
		props.BillingMode = awsdynamodb.BillingMode_PROVISIONED
		props.ReadCapacity = jsii.Number(capacity.ReadMin)
		props.WriteCapacity = jsii.Number(capacity.WriteMin)
	}
	if decl.Stream != spec.NoStream {
		props.Stream = awsdynamodb.StreamViewType(decl.Stream)
	}
	if decl.TTLAttribute != "" {
		props.TimeToLiveAttribute = jsii.String(decl.TTLAttribute)
	}
	table := awsdynamodb.NewTable(c, jsii.String("Table"), props)
	t := &ServiceTable{Construct: c, Table: table}
	for _, ix := range decl.Indexes {
		gsi := &awsdynamodb.GlobalSecondaryIndexProps{
			IndexName:      jsii.String(ix.Name),
			PartitionKey:   attribute(ix.PartitionKey),
			SortKey:        optionalAttribute(ix.SortKey),
			ProjectionType: awsdynamodb.ProjectionType_ALL,
		}
		if provisioned {
			gsi.ReadCapacity = jsii.Number(capacity.ReadMin)
			gsi.WriteCapacity = jsii.Number(capacity.WriteMin)
		}
		table.AddGlobalSecondaryIndex(gsi)
		t.IndexNames = append(t.IndexNames, ix.Name)
	}
	if provisioned {
		target := &awsdynamodb.UtilizationScalingProps{TargetUtilizationPercent: jsii.Number(capacity.TargetUtilization * 100)}
		reads := &awsdynamodb.EnableScalingProps{MinCapacity: jsii.Number(capacity.ReadMin), MaxCapacity: jsii.Number(capacity.ReadMax)}
		writes := &awsdynamodb.EnableScalingProps{MinCapacity: jsii.Number(capacity.WriteMin), MaxCapacity: jsii.Number(capacity.WriteMax)}
		table.AutoScaleReadCapacity(reads).ScaleOnUtilization(target)
		table.AutoScaleWriteCapacity(writes).ScaleOnUtilization(target)
		for _, ix := range decl.Indexes {
			table.AutoScaleGlobalSecondaryIndexReadCapacity(jsii.String(ix.Name), reads).ScaleOnUtilization(target)
			table.AutoScaleGlobalSecondaryIndexWriteCapacity(jsii.String(ix.Name), writes).ScaleOnUtilization(target)
		}
	}
	return t
}

func attribute(k spec.Key) *awsdynamodb.Attribute {
	return &awsdynamodb.Attribute{Name: jsii.String(k.Name), Type: attributeType(k.Type)}
}

func optionalAttribute(k *spec.Key) *awsdynamodb.Attribute {
	if k == nil {
		return nil
	}
	return attribute(*k)
}

func attributeType(t spec.AttributeType) awsdynamodb.AttributeType {
	switch t {
	case spec.Number:
		return awsdynamodb.AttributeType_NUMBER
	case spec.Binary:
		return awsdynamodb.AttributeType_BINARY
	default:
		return awsdynamodb.AttributeType_STRING
	}
}
