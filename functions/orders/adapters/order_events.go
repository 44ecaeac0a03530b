package adapters

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
)

// isCommitKey reports whether pk and sk are those of a commit item.
func isCommitKey(pk, sk string) bool {
	return strings.HasPrefix(pk, orderPrefix) && strings.HasPrefix(sk, commitPrefix)
}

// OrderEvents maps a change of the orders table, as its stream reports it,
// to the platform events it stands for: the events of a commit item when
// it is inserted, nothing for any other change (commits are never changed
// or removed; views, product copies and idempotency records publish
// nothing). Each event keeps the id it was given when committed, so a
// commit delivered twice yields the same events twice, never new ones.
func OrderEvents(c changecapture.Change) ([]changecapture.Emit, error) {
	pk, _ := c.Keys["pk"].(*types.AttributeValueMemberS)
	sk, _ := c.Keys["sk"].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil || !isCommitKey(pk.Value, sk.Value) || c.Kind != changecapture.Insert {
		return nil, nil
	}
	if c.NewImage == nil {
		return nil, fmt.Errorf("order commit %s %s: the stream carries no new image; the table's stream must show new images", pk.Value, sk.Value)
	}
	var commit commitItem
	if err := attributevalue.UnmarshalMap(c.NewImage, &commit); err != nil {
		return nil, fmt.Errorf("order commit %s %s: %w", pk.Value, sk.Value, err)
	}
	if len(commit.Events) == 0 {
		return nil, fmt.Errorf("order commit %s %s holds no events", pk.Value, sk.Value)
	}
	out := make([]changecapture.Emit, len(commit.Events))
	for i, s := range commit.Events {
		pub, _, err := decodeEvent(s)
		if err != nil {
			return nil, fmt.Errorf("order commit %s %s: %w", pk.Value, sk.Value, err)
		}
		out[i] = changecapture.Emit{Event: pub, ID: s.ID, Time: commit.committedAt(),
			CorrelationID: commit.CorrelationID, CausationID: commit.CausationID}
	}
	return out, nil
}

// CommittedOrder returns the order a stream record's keys belong to when
// they are a commit item's, and false for any other item.
func CommittedOrder(pk, sk string) (domain.OrderID, bool) {
	if !isCommitKey(pk, sk) {
		return "", false
	}
	return domain.OrderID(strings.TrimPrefix(pk, orderPrefix)), true
}
