package teams

// The Adaptive Card 1.4 elements the coach uses. Teams renders 1.5 on the
// desktop, but 1.4 everywhere, mobile included.

const (
	cardContentType = "application/vnd.microsoft.card.adaptive"
	cardSchema      = "http://adaptivecards.io/schemas/adaptive-card.json"
	cardVersion     = "1.4"
)

// card is an Adaptive Card.
type card struct {
	Type         string         `json:"type"` // "AdaptiveCard"
	Schema       string         `json:"$schema"`
	Version      string         `json:"version"`
	Body         []any          `json:"body"`
	Actions      []submitAction `json:"actions,omitempty"`
	FallbackText string         `json:"fallbackText,omitempty"`
	MSTeams      *cardMSTeams   `json:"msteams,omitempty"`
}

// cardMSTeams holds Teams' own card properties.
type cardMSTeams struct {
	Width string `json:"width,omitempty"` // "Full": use the whole message width
}

// textBlock is an Adaptive Card TextBlock.
type textBlock struct {
	Type      string `json:"type"` // "TextBlock"
	Text      string `json:"text"`
	Wrap      bool   `json:"wrap"`
	Weight    string `json:"weight,omitempty"`   // "Bolder"
	Size      string `json:"size,omitempty"`     // "Small", "Medium", "Large"
	IsSubtle  bool   `json:"isSubtle,omitempty"` // greyed out
	Spacing   string `json:"spacing,omitempty"`  // "None", "Small", "Medium"
	Separator bool   `json:"separator,omitempty"`
}

// container groups elements, here to set a quote apart.
type container struct {
	Type  string `json:"type"`            // "Container"
	Style string `json:"style,omitempty"` // "emphasis"
	Items []any  `json:"items"`
}

// submitAction is a button that posts its data back to the bot as a
// message activity's value.
type submitAction struct {
	Type  string     `json:"type"` // "Action.Submit"
	Title string     `json:"title"`
	Style string     `json:"style,omitempty"` // "positive", "destructive"
	Data  submitData `json:"data"`
}

// submitData is what a submit sends back; see submitActionKey.
type submitData struct {
	Action string `json:"involve_action"`
	Value  string `json:"value,omitempty"`
}

// newText is a TextBlock showing plain text s as written (see mdText).
func newText(s string) textBlock {
	return textBlock{Type: "TextBlock", Text: mdText(s), Wrap: true}
}

func newCard() *card {
	return &card{Type: "AdaptiveCard", Schema: cardSchema, Version: cardVersion, MSTeams: &cardMSTeams{Width: "Full"}}
}
