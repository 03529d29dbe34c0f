package statekv

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// publishBatch is how many records a write has in flight at once: on an
// R3 bucket every acknowledgement waits for a quorum, and a cold apply
// writes tens of thousands of records.
const publishBatch = 1024

// publishTries is how many times a write publishes a record the stream
// did not acknowledge. A stream that changes leader drops what it was
// given meanwhile (TestNATSStateClusterLeaderChange saw applies fail so
// after a step-down); publishing again is safe, as a record is stored
// only onto an empty subject and one that is there is the same record.
const publishTries = 3

// putRecords writes the records not in existing, in batches, publishing
// again those without an acknowledgement.
func (st *Store) putRecords(records map[string][]byte, existing map[string]bool) error {
	var keys []string
	for key := range records {
		if !existing[key] {
			keys = append(keys, key)
		}
	}
	for try := 1; len(keys) > 0; try++ {
		lost, err := st.publish(keys, records)
		if err != nil {
			return err
		}
		if len(lost) > 0 && try == publishTries {
			return st.errorf("writing the state to %s: no acknowledgement within %s, %d times (the stream may be changing leader, or the state user may not write the bucket); nothing was committed, the state there is as it was", st, st.opt.Timeout, publishTries)
		}
		if len(lost) > 0 {
			time.Sleep(time.Duration(try) * 500 * time.Millisecond) // time to elect a leader
		}
		keys = lost
	}
	return nil
}

// publish publishes the records of keys, a batch at a time. At the first
// batch with records the stream did not acknowledge it stops, and
// returns those and the ones it did not publish.
func (st *Store) publish(keys []string, records map[string][]byte) ([]string, error) {
	for i := 0; i < len(keys); i += publishBatch {
		batch := keys[i:min(i+publishBatch, len(keys))]
		futures := make([]jetstream.PubAckFuture, len(batch))
		for j, key := range batch {
			m := &nats.Msg{Subject: "$KV." + st.spec.Bucket + "." + key, Data: records[key]}
			f, err := st.js.PublishMsgAsync(m, jetstream.WithExpectLastSequencePerSubject(0))
			if err != nil {
				return nil, st.errorf("writing the state to %s: %w; nothing was committed, the state there is as it was", st, err)
			}
			futures[j] = f
		}
		lost, err := st.waitAcks(batch, futures)
		if err != nil {
			return nil, err
		}
		if len(lost) > 0 {
			return append(lost, keys[i+len(batch):]...), nil
		}
	}
	return nil, nil
}

// waitAcks waits for the acknowledgements of a batch of records and
// returns the keys of those that got none in time, or that found no
// stream to answer.
func (st *Store) waitAcks(keys []string, batch []jetstream.PubAckFuture) ([]string, error) {
	timeout := time.After(st.opt.Timeout)
	var lost []string
	expired := false
	for i, f := range batch {
		if expired {
			select {
			case <-f.Ok():
				continue
			case err := <-f.Err():
				if wrongLastSeq(err) {
					continue
				}
			default:
			}
			lost = append(lost, keys[i])
			continue
		}
		select {
		case <-f.Ok():
		case err := <-f.Err():
			switch {
			case wrongLastSeq(err):
			case errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) || errors.Is(err, nats.ErrTimeout):
				lost = append(lost, keys[i])
			default:
				return nil, st.errorf("writing the state to %s: %w; nothing was committed, the state there is as it was", st, err)
			}
		case <-st.denied.Done():
			return nil, st.errorf("writing the state to %s: %w; nothing was committed, the state there is as it was", st, context.Cause(st.denied))
		case <-timeout:
			expired = true
			lost = append(lost, keys[i])
		}
	}
	return lost, nil
}

func wrongLastSeq(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}
