// Command dumpfixture writes what a database file holds as JSON: every
// case as Case reads it (posted references included), the outbox, and one
// state value, read by the build that wrote the file.
package main

import (
	"encoding/json"
	"log"
	"os"

	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

func main() {
	db, err := storage.Open(os.Args[1], &storage.Options{ReadOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	var out struct {
		Cases  []*dialogs.Case      `json:"cases"`
		Outbox []storage.OutboxItem `json:"outbox"`
		State  string               `json:"state"`
		Seen   []string             `json:"seen"`
	}
	chs, err := db.Channels()
	if err != nil {
		log.Fatal(err)
	}
	for _, ch := range chs {
		c, err := db.Case(ch)
		if err != nil {
			log.Fatal(err)
		}
		out.Cases = append(out.Cases, c)
	}
	if out.Outbox, err = db.Outbox(1000); err != nil {
		log.Fatal(err)
	}
	v, _ := db.State("nudge.last")
	out.State = string(v)
	for _, id := range []string{"Ev01", "Ev02", "Ev03", "Ev04", "Ev05"} {
		if seen, _ := db.Seen(id); seen {
			out.Seen = append(out.Seen, id)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}
