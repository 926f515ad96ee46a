package etcdstore

// CrashAt makes the store's split commits stop at a point ("staged":
// before the flip; "flipped": before the replies move; "": never), as a
// process that dies there.
func CrashAt(s *Store, at string) { s.crash = at }
