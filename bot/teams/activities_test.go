package teams

import "maps"

// Activities as Teams sends them to a bot, trimmed of nothing the coach
// might read. Shapes follow what the Bot Connector posts for a standard
// channel of a team with the app installed.

func botAccount() map[string]any { return map[string]any{"id": testBotID, "name": "Involve"} }

func userAccount() map[string]any {
	return map[string]any{"id": testUserID, "name": testUserName, "aadObjectId": "6b8a3f6e-9c1d-4a7f-8e2b-1d0c9f8e7a6b"}
}

func teamsChannelData(channel string) map[string]any {
	return map[string]any{
		"teamsChannelId": channel,
		"teamsTeamId":    testTeam,
		"channel":        map[string]any{"id": channel},
		"team":           map[string]any{"id": testTeam},
		"tenant":         map[string]any{"id": testTenant},
	}
}

func clientInfo() map[string]any {
	return map[string]any{"locale": "nb-NO", "country": "NO", "platform": "Web", "timezone": "Europe/Oslo", "type": "clientInfo"}
}

// channelMessage is a message in a channel. root is the thread's root
// message id; a top-level post is its own root.
func channelMessage(serviceURL, id, root, text string, mentionBot bool) map[string]any {
	entities := []any{clientInfo()}
	if mentionBot {
		entities = append([]any{map[string]any{
			"mentioned": map[string]any{"id": testBotID, "name": "Involve"},
			"text":      "<at>Involve</at>",
			"type":      "mention",
		}}, entities...)
	}
	return map[string]any{
		"text":       text,
		"textFormat": "plain",
		"attachments": []any{map[string]any{
			"contentType": "text/html",
			"content":     "<div><div>" + text + "</div></div>",
		}},
		"type":           "message",
		"timestamp":      "2024-11-27T09:00:01.4163317Z",
		"localTimestamp": "2024-11-27T10:00:01.4163317+01:00",
		"id":             id,
		"channelId":      "msteams",
		"serviceUrl":     serviceURL,
		"from":           userAccount(),
		"conversation": map[string]any{
			"isGroup":          true,
			"conversationType": "channel",
			"tenantId":         testTenant,
			"id":               testChannel + ";messageid=" + root,
		},
		"recipient":     botAccount(),
		"entities":      entities,
		"channelData":   teamsChannelData(testChannel),
		"locale":        "nb-NO",
		"localTimezone": "Europe/Oslo",
	}
}

// cardSubmit is what Teams posts when someone presses an Action.Submit
// button on the card with id cardID, posted at the top of the channel.
func cardSubmit(serviceURL, id, cardID string, value map[string]any) map[string]any {
	cd := teamsChannelData(testChannel)
	cd["source"] = map[string]any{"name": "message"}
	cd["legacy"] = map[string]any{"replyToId": "1:1Xyz" + cardID}
	return map[string]any{
		"type":           "message",
		"timestamp":      "2024-11-27T09:05:00.1234567Z",
		"localTimestamp": "2024-11-27T10:05:00.1234567+01:00",
		"id":             id,
		"channelId":      "msteams",
		"serviceUrl":     serviceURL,
		"from":           userAccount(),
		"conversation": map[string]any{
			"isGroup":          true,
			"conversationType": "channel",
			"tenantId":         testTenant,
			"id":               testChannel + ";messageid=" + cardID,
		},
		"recipient":   botAccount(),
		"entities":    []any{clientInfo()},
		"channelData": cd,
		"replyToId":   cardID,
		"value":       value,
		"locale":      "nb-NO",
	}
}

// teamInstalled is the conversationUpdate a team's install sends when the
// installer keeps the General channel (whose id is the team's, and which
// Teams names nowhere).
func teamInstalled(serviceURL, id string) map[string]any {
	return teamInstalledIn(serviceURL, id, testTeam, "")
}

// teamInstalledIn is the conversationUpdate a team's install sends: the
// bot among membersAdded, in the channel the installer selected, named in
// conversation.id and conversation.name, as in Microsoft's documented
// payload (testdata/platform/conversationUpdate-botAddedToTeam.json).
func teamInstalledIn(serviceURL, id, channel, name string) map[string]any {
	conv := map[string]any{
		"isGroup":          true,
		"conversationType": "channel",
		"tenantId":         testTenant,
		"id":               channel,
	}
	if name != "" {
		conv["name"] = name
	}
	return map[string]any{
		"membersAdded": []any{map[string]any{"id": testBotID}},
		"type":         "conversationUpdate",
		"timestamp":    "2024-11-27T08:00:00.000Z",
		"id":           id,
		"channelId":    "msteams",
		"serviceUrl":   serviceURL,
		"from":         map[string]any{"id": testUserID, "aadObjectId": "6b8a3f6e-9c1d-4a7f-8e2b-1d0c9f8e7a6b"},
		"conversation": conv,
		"recipient":    botAccount(),
		"channelData": map[string]any{
			"settings":  map[string]any{"selectedChannel": map[string]any{"id": channel}},
			"team":      map[string]any{"aadGroupId": "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b", "name": "Byutvikling", "id": testTeam},
			"eventType": "teamMemberAdded",
			"tenant":    map[string]any{"id": testTenant},
		},
	}
}

// channelCreated is the conversationUpdate for a new channel in a team the
// app is installed in. It arrives in the team's conversation.
func channelCreated(serviceURL, id, channel, name string) map[string]any {
	a := teamInstalled(serviceURL, id)
	delete(a, "membersAdded")
	a["channelData"] = map[string]any{
		"channel":   map[string]any{"id": channel, "name": name},
		"team":      map[string]any{"aadGroupId": "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b", "name": "Byutvikling", "id": testTeam},
		"eventType": "channelCreated",
		"tenant":    map[string]any{"id": testTenant},
	}
	return a
}

// installationUpdate is sent (besides the conversationUpdate) when the app
// is added to a team and the installer keeps the General channel.
func installationUpdate(serviceURL, id, action string) map[string]any {
	return installationUpdateIn(serviceURL, id, action, testTeam, "")
}

// installationUpdateIn is the installationUpdate of an install into the
// selected channel, named as Microsoft documents it
// (testdata/platform/installationUpdate-add.json).
func installationUpdateIn(serviceURL, id, action, channel, name string) map[string]any {
	conv := map[string]any{
		"isGroup":          true,
		"conversationType": "channel",
		"tenantId":         testTenant,
		"id":               channel,
	}
	if name != "" {
		conv["name"] = name
	}
	return map[string]any{
		"action":       action,
		"type":         "installationUpdate",
		"timestamp":    "2024-11-27T08:00:00.100Z",
		"id":           id,
		"channelId":    "msteams",
		"serviceUrl":   serviceURL,
		"from":         map[string]any{"id": testUserID, "aadObjectId": "6b8a3f6e-9c1d-4a7f-8e2b-1d0c9f8e7a6b"},
		"conversation": conv,
		"recipient":    botAccount(),
		"entities":     []any{clientInfo()},
		"channelData": map[string]any{
			"settings": map[string]any{"selectedChannel": map[string]any{"id": channel}},
			"channel":  map[string]any{"id": channel},
			"team":     map[string]any{"aadGroupId": "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b", "name": "Byutvikling", "id": testTeam},
			"groupId":  "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
			"tenant":   map[string]any{"id": testTenant},
			"source":   nil,
		},
		"locale": "nb-NO",
	}
}

// personalMessage is a message in the personal chat with the bot.
func personalMessage(serviceURL, id, text string) map[string]any {
	return map[string]any{
		"text":       text,
		"textFormat": "plain",
		"type":       "message",
		"timestamp":  "2024-11-27T09:10:00.000Z",
		"id":         id,
		"channelId":  "msteams",
		"serviceUrl": serviceURL,
		"from":       userAccount(),
		"conversation": map[string]any{
			"conversationType": "personal",
			"tenantId":         testTenant,
			"id":               "a:1Hq9ZqF0H1tT4aS0vR2mVgXyk3p5wB8cNpersonalChatId",
		},
		"recipient":   botAccount(),
		"entities":    []any{clientInfo()},
		"channelData": map[string]any{"tenant": map[string]any{"id": testTenant}},
		"locale":      "nb-NO",
	}
}

// edited turns a message into the messageUpdate Teams sends after an edit.
func edited(msg map[string]any, text, at string) map[string]any {
	a := maps.Clone(msg)
	a["type"] = "messageUpdate"
	a["text"] = text
	a["timestamp"] = at
	cd := maps.Clone(a["channelData"].(map[string]any))
	cd["eventType"] = "editMessage"
	a["channelData"] = cd
	return a
}

// deleted turns a message into the messageDelete Teams sends.
func deleted(msg map[string]any) map[string]any {
	a := maps.Clone(msg)
	a["type"] = "messageDelete"
	delete(a, "text")
	cd := maps.Clone(a["channelData"].(map[string]any))
	cd["eventType"] = "softDeleteMessage"
	a["channelData"] = cd
	return a
}
