package statekv

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Reads of what changes (head, the lock) go to the stream's leader. The
// KV API's Get is a direct get, which any replica of a bucket answers
// once it is 90% synchronized: on an R3 bucket a follower may answer
// with a head or a lock record older than the one just committed
// (TestWriteSurvivesALeaderStepDown read serial 1 back after serial 2's
// commit), and not know a record the head it did not give names.
// Records never change, so they are read with direct gets, and from the
// leader only when a replica does not have them.

// leaderEntry is a value read from the leader.
type leaderEntry struct {
	value    []byte
	revision uint64
}

// getLatest reads the latest value of key from the stream's leader;
// jetstream.ErrKeyNotFound when there is none or it was deleted.
func (st *Store) getLatest(ctx context.Context, key string) (*leaderEntry, error) {
	return st.leaderGet(ctx, map[string]any{"last_by_subj": "$KV." + st.spec.Bucket + "." + key})
}

// getAt reads the message at revision from the stream's leader.
func (st *Store) getAt(ctx context.Context, revision uint64) (*leaderEntry, error) {
	return st.leaderGet(ctx, map[string]any{"seq": revision})
}

// leaderTry is how long a read waits for the leader before it asks
// again: a stream that is electing a leader answers nothing, for a
// second or two, and a request made then would wait out its timeout.
const leaderTry = time.Second

func (st *Store) leaderGet(ctx context.Context, req map[string]any) (*leaderEntry, error) {
	data, _ := json.Marshal(req)
	var msg *nats.Msg
	for {
		try, cancel := context.WithTimeout(ctx, leaderTry)
		var err error
		msg, err = st.nc.RequestWithContext(try, "$JS.API.STREAM.MSG.GET.KV_"+st.spec.Bucket, data)
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, nats.ErrNoResponders) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
	var resp struct {
		Message *struct {
			Seq    uint64 `json:"seq"`
			Header []byte `json:"hdrs"`
			Data   []byte `json:"data"`
		} `json:"message"`
		Error *struct {
			ErrCode     int    `json:"err_code"`
			Description string `json:"description"`
		} `json:"error"`
	}
	if err := json.Unmarshal(msg.Data, &resp); err != nil {
		return nil, fmt.Errorf("the stream's answer does not decode: %w", err)
	}
	switch {
	case resp.Error != nil && resp.Error.ErrCode == int(jetstream.JSErrCodeMessageNotFound):
		return nil, jetstream.ErrKeyNotFound
	case resp.Error != nil:
		return nil, fmt.Errorf("%s (error %d)", resp.Error.Description, resp.Error.ErrCode)
	case resp.Message == nil:
		return nil, fmt.Errorf("the stream answered without a message")
	}
	if len(resp.Message.Header) > 0 {
		h, err := nats.DecodeHeadersMsg(resp.Message.Header)
		if err != nil {
			return nil, fmt.Errorf("the stream's answer has headers that do not decode: %w", err)
		}
		if op := h.Get("KV-Operation"); op == "DEL" || op == "PURGE" {
			return nil, jetstream.ErrKeyNotFound
		}
	}
	return &leaderEntry{value: resp.Message.Data, revision: resp.Message.Seq}, nil
}
