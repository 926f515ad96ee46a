package recent

import (
	"fmt"
	"testing"
	"time"
)

func TestSet(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	s := Set{TTL: 2 * time.Minute}
	if !s.Claim("C1", t0) {
		t.Fatal("first claim refused")
	}
	if s.Claim("C1", t0.Add(time.Minute)) {
		t.Fatal("second claim within TTL taken")
	}
	if !s.Has("C1", t0.Add(time.Minute)) || s.Has("C1", t0.Add(2*time.Minute)) {
		t.Fatal("Has does not follow TTL")
	}
	if !s.Claim("C1", t0.Add(2*time.Minute)) {
		t.Fatal("claim after TTL refused")
	}
	s.Remove("C1")
	if !s.Claim("C1", t0.Add(2*time.Minute)) {
		t.Fatal("claim after Remove refused")
	}
	// Adding forgets what expired.
	for i := range 100 {
		s.Add(fmt.Sprint("K", i), t0)
	}
	s.Add("late", t0.Add(time.Hour))
	if n := s.Len(); n != 1 {
		t.Fatalf("Len after expiry = %d, want 1", n)
	}
}

func ExampleSet_Claim() {
	joins := Set{TTL: 2 * time.Minute}
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	fmt.Println(joins.Claim("19:general@thread.tacv2", now))
	fmt.Println(joins.Claim("19:general@thread.tacv2", now.Add(time.Second)))
	// Output:
	// true
	// false
}
