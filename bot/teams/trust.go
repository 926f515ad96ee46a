package teams

import (
	"regexp"
	"strings"
)

// TeamsChannelID is the Bot Framework channel id of Microsoft Teams. The
// Bot Framework signs activities of every channel a bot is registered
// for (Web Chat, Direct Line, the Emulator) with the same keys, and on
// those channels the client writes channelData itself: only Teams'
// activities are believed.
const TeamsChannelID = "msteams"

// Reasons a verified activity is ignored, as given to Adapter.Ignored.
const (
	IgnoredChannel = "channel" // not from Microsoft Teams
	IgnoredTenant  = "tenant"  // from another tenant than teams.tenant_id
)

// guid matches an Entra tenant id. A tenant configured by its domain name
// ("contoso.onmicrosoft.com") cannot be compared with the ids activities
// carry, so it does not restrict them.
var guid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// foreign returns why a verified activity is not for this coach, or "".
// An activity must come from Teams; with a tenant id configured, from
// that tenant, by every tenant id it names (conversation.tenantId and
// channelData.tenant.id), and an activity that names none is refused.
func (a *Adapter) foreign(in *inbound) string {
	if in.ChannelID != TeamsChannelID {
		return IgnoredChannel
	}
	if a.tenantID == "" {
		return ""
	}
	var named []string
	if t := in.Conversation.TenantID; t != "" {
		named = append(named, t)
	}
	if in.ChannelData.Tenant != nil && in.ChannelData.Tenant.ID != "" {
		named = append(named, in.ChannelData.Tenant.ID)
	}
	if len(named) == 0 {
		return IgnoredTenant
	}
	for _, t := range named {
		if !strings.EqualFold(t, a.tenantID) {
			return IgnoredTenant
		}
	}
	return ""
}

// tenantFilter is the tenant id activities must come from: the configured
// one when it is a tenant id, "" (any tenant) otherwise.
func tenantFilter(tenantID string) string {
	if guid.MatchString(tenantID) {
		return tenantID
	}
	return ""
}

// ignored counts a verified activity that was ignored, for metrics.
func (a *Adapter) ignored(reason string) {
	if a.Ignored != nil {
		a.Ignored(reason)
	}
}
