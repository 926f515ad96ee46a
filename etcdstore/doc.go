// Package etcdstore keeps involve's state in etcd, so that several
// replicas of involvebot serve share one state and any of them may die.
//
// It implements bot.Store. Under a prefix (default "/involve/") it keeps:
//
//	c/CHANNEL/h               the case's head: the case without the records below
//	c/CHANNEL/g               the generation its records are kept under ("" the first)
//	c/CHANNEL/a/[GEN/]NNNNNNNN   an answer (N its place in the case's answers)
//	c/CHANNEL/b/[GEN/]NNNNNNNN   an outcome report
//	c/CHANNEL/m/[GEN/]NNNNNNNN   a note
//	c/CHANNEL/v/[GEN/]NNNNNNNNNN a residents' answer (N its number on the page)
//	c/CHANNEL/r/REF           where a prompt or nudge was posted
//	n/CHANNEL                 the last nudge slot handled, while the nudge is for the case
//	o/CHANNEL/NONCE           an undelivered reply
//	d/CHANNEL/NONCE           a dead letter
//	p/CODE                    the channel of a residents' page
//	e/EVENT                   a seen event id, on a lease of two days
//	s/KEY                     a scheduler, outbox or residents' page state value
//	q/CHANNEL/TOKEN/JJJJJJ    replies of a split commit, staged (see below)
//	k/CHANNEL/TOKEN           a split commit's marker: its replies are to move
//
// An answer writes its own record and the head, not the whole case; a
// residents' answer writes its own key too (a case written before they had
// keys keeps them in its head, and has no g key, until its next commit
// moves them). A case's revision is the mod revision of its head, which
// every change to the case writes (a posted reference too); every commit
// compares it (compare-and-swap), so replicas that step the same case at
// once cannot overwrite each other: the later one gets bot.ErrConflict and
// steps the event again. Outbox ids are built from the etcd revision of
// the transaction that added them (shifted left by 8 bits, plus the item's
// place in it), so they rise across the whole cluster. An etcd call that
// fails or times out is an ordinary error, not bot.ErrStoreFailed: what it
// may have written is caught by the next commit's revision check and by
// the event id.
//
// # Commits larger than one transaction
//
// etcd refuses a transaction of more than --max-txn-ops operations (128 by
// default) and a request of more than --max-request-bytes (1.5 MiB); the
// store knows them as Limits. A commit that fits is one transaction. One
// that does not (the first of 500 answers deleted moves every later one; a
// digest of 10,000 cases is 223 replies and 6 MB; forget with hundreds of
// undelivered replies) is split so that it still happens all or nothing,
// with the case's revision check deciding, in three steps:
//
//  1. Stage what readers must not see yet under keys none of them takes:
//     the case's records, all of them, under a new generation (a token of
//     the commit), and the replies, in chunks of one transaction each under
//     q/. Each staging transaction holds to the case's revision, so a
//     commit that lost a race stops early.
//  2. Flip, in one transaction, with every compare an unsplit commit has
//     (the case's revision, the event id unseen, no split commit of the
//     channel still moving its replies): the head, its index entries, the
//     event id, g set to the new generation with every other generation
//     dropped by two range deletes a kind (forget: the case, its outbox and
//     its dead letters as ranges), and the marker k/CHANNEL/TOKEN saying
//     which chunk of replies moves next.
//  3. Move the staged replies into the outbox, a chunk a transaction, each
//     held to the marker's value and advancing it (the last deletes it and
//     the staged keys), so that a chunk moves once whoever moves it.
//
// Why this order: the head last (after the records) keeps a reader from
// seeing half a case, since records of a generation the g key does not
// name are passed over; the replies after the flip keep a reply from being
// posted for a commit the revision check then refuses (the other order,
// replies first, posts twice when the event is stepped again). A crash
// before the flip leaves only staged keys: nothing is acknowledged, the
// event is not seen, its redelivery commits afresh, the next flip of the
// case drops the stale generation and housekeeping (PruneEvents) the stale
// staged replies. A crash after the flip loses nothing: the marker stays,
// and the channel's next commit (its compare sees the marker) moves the
// replies first, so they keep their place before that commit's own; the
// redelivered event is a duplicate, which moves them too; a leader moves
// every marker's replies before it reads the outbox (Outbox,
// FollowOutbox). Readers may see a split commit's replies arrive chunk by
// chunk, always in order; everything else of it they see whole.
package etcdstore
