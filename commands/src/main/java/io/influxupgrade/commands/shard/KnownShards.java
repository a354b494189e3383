package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.meta.MetaData;

import java.util.ArrayList;
import java.util.List;

/** The shards a metastore knows, in the form {@link ShardReconcileCommand} compares with the data dir. */
public final class KnownShards {

    private KnownShards() {
    }

    public static List<KnownShard> of(MetaData data) {
        List<KnownShard> out = new ArrayList<>();
        for (MetaData.DatabaseInfo db : data.databases()) {
            for (MetaData.RetentionPolicyInfo rp : db.retentionPolicies()) {
                for (MetaData.ShardGroupInfo g : rp.shardGroups()) {
                    for (MetaData.ShardInfo s : g.shards()) {
                        out.add(new KnownShard(s.id(), db.name(), rp.name(), g.deleted()));
                    }
                }
            }
        }
        return out;
    }
}
