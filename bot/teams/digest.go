package teams

import "github.com/oslo-involve/involve/dialogs"

// DigestLimits split the coordinator's digest into Adaptive Cards that stay
// under maxCardBytes (Teams refuses messages above about 28 KB): each case
// is a heading and two lines, and the card's own JSON about doubles the
// bytes of its text.
var DigestLimits = dialogs.DigestLimits{Cases: 60, Bytes: 10 << 10}
