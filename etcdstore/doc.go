// Package etcdstore keeps involve's state in etcd, so that several
// replicas of involvebot serve share one state.
package etcdstore
