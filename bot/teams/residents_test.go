package teams

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/residents"
)

// The residents' page link comes with its QR code as an image in the card,
// inline as a data: URI, and the card stays within Teams' size.
func TestRenderQRCodeAsCardImage(t *testing.T) {
	link := "https://involve.example.kommune.no/r/k7q2mxa4pz"
	png, err := residents.QR(link)
	if err != nil {
		t.Fatal(err)
	}
	r := dialogs.Reply{Kind: dialogs.ReplyText, Lang: dialogs.NB, Title: "Innbyggersiden er åpen", Text: link + "\n\nSkriv ut QR-koden.",
		File: &dialogs.File{Name: "involve-k7q2mxa4pz.png", Type: "image/png", Title: "Nytt torg", Data: png}}
	acts := render(r)
	c := renderedCard(t, acts)
	var img map[string]any
	for _, b := range c.Body {
		if b["type"] == "Image" {
			img = b
		}
	}
	if img == nil {
		t.Fatalf("no image in the card: %v", blocks(c))
	}
	data, ok := strings.CutPrefix(img["url"].(string), "data:image/png;base64,")
	got, err := base64.StdEncoding.DecodeString(data)
	if !ok || err != nil || !bytes.Equal(got, png) {
		t.Errorf("image url does not carry the PNG")
	}
	if img["altText"] != "Nytt torg" {
		t.Errorf("alt text %v", img["altText"])
	}
	if !strings.Contains(strings.Join(blocks(c), "\n"), link) {
		t.Errorf("the link is not in the card: %q", blocks(c))
	}
	if b, _ := json.Marshal(acts[0]); len(b) > maxCardBytes {
		t.Errorf("card of %d bytes", len(b))
	}

	// An image too large for a card is left out; the link remains.
	r.File.Data = bytes.Repeat([]byte{1}, maxImageBytes+1)
	c = renderedCard(t, render(r))
	for _, b := range c.Body {
		if b["type"] == "Image" {
			t.Errorf("an oversized image is in the card")
		}
	}
}
