package slack

import (
	"fmt"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// Each lifecycle fixture becomes the lifecycle input for its channel; a
// rename carries the new name.
func TestLifecycleTranslate(t *testing.T) {
	tr := translator{self: platformIdentity, prefixes: []string{"sak-"}}
	for i, tc := range []struct {
		file, channel, name, value string
	}{
		{"channel_rename.json", "C02ELGNBH", "new_name", dialogs.LifecycleRenamed},
		{"group_rename.json", "G02ELGNBH", "new_name", dialogs.LifecycleRenamed},
		{"channel_archive.json", "C024BE91L", "", dialogs.LifecycleArchived},
		{"group_archive.json", "G024BE91L", "", dialogs.LifecycleArchived},
		{"channel_unarchive.json", "C024BE91L", "", dialogs.LifecycleUnarchived},
		{"group_unarchive.json", "G024BE91L", "", dialogs.LifecycleUnarchived},
		{"channel_deleted.json", "C024BE91L", "", dialogs.LifecycleDeleted},
		{"group_deleted.json", "G0QN9RGTT", "", dialogs.LifecycleDeleted},
	} {
		t.Run(tc.file, func(t *testing.T) {
			body := wrapFixture(t, readFixture(t, tc.file), fmt.Sprintf("Ev0LIFE%02d", i))
			in, ok, err := tr.callback(body)
			if err != nil || !ok {
				t.Fatalf("callback: %v, %v", ok, err)
			}
			ev := in.Event
			if ev.Input.Kind != dialogs.InputLifecycle || ev.Channel != tc.channel || ev.ChannelName != tc.name ||
				ev.Input.Value != tc.value || ev.Platform != platform || ev.ID == "" || in.Join || in.LookupChannel {
				t.Errorf("got %+v (join %v, lookup %v)", ev, in.Join, in.LookupChannel)
			}
		})
	}
	// A rename without the new name is not taken.
	body := wrapFixture(t, []byte(`{"type":"channel_rename","channel":{"id":"C1"}}`), "Ev0LIFEBAD")
	if _, ok, err := tr.callback(body); ok || err != nil {
		t.Errorf("rename without a name: %v, %v", ok, err)
	}
}
