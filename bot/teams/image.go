package teams

import (
	"encoding/base64"

	"github.com/oslo-involve/involve/dialogs"
)

// maxImageBytes bounds a PNG put into a card as a data: URI; base64 makes
// it a third larger, and the whole card must stay under maxCardBytes.
const maxImageBytes = 12 << 10

// cardImage is an Adaptive Card Image of a reply's PNG (the residents'
// page's QR code), inline as a data: URI: a bot's card cannot point at a
// file of its own without hosting it.
func cardImage(r dialogs.Reply) (map[string]any, bool) {
	f := r.File
	if f == nil || f.Type != "image/png" || len(f.Data) == 0 || len(f.Data) > maxImageBytes {
		return nil, false
	}
	return map[string]any{
		"type":    "Image",
		"url":     "data:image/png;base64," + base64.StdEncoding.EncodeToString(f.Data),
		"altText": f.Title,
		"size":    "Large",
	}, true
}
