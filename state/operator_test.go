package state

import "testing"

func TestOperatorIsTheSameOneEveryTime(t *testing.T) {
	if (&State{Resources: map[string]*Resource{"account.A": {Kind: KindAccount}}}).Operator() != nil {
		t.Fatal("a state without an operator returned one")
	}
	var none *State
	if none.Operator() != nil {
		t.Fatal("a nil state returned an operator")
	}
	st := &State{Resources: map[string]*Resource{
		"operator.B": {Kind: KindOperator, Name: "B"}, "operator.A": {Kind: KindOperator, Name: "A"},
		"account.X": {Kind: KindAccount}}}
	for range 20 {
		if op := st.Operator(); op == nil || op.Name != "A" {
			t.Fatalf("Operator() = %+v, want the operator with the first address", op)
		}
	}
}
