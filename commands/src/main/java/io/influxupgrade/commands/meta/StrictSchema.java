package io.influxupgrade.commands.meta;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.proto.MetaProto;

import java.util.List;
import java.util.Map;

/**
 * Refuses a parsed {@code Data} that carries anything meta.proto does not define, at any depth. protobuf-java keeps
 * such fields as the message's unknown fields: a number the message does not declare is a field of a newer InfluxDB
 * (0.10 – 1.8 is what this tool knows), a declared number there arrived with another wire type (corruption). Where
 * the error names the field, it reads as a path of message names and field numbers, e.g.
 * {@code Data.5/DatabaseInfo.3/RetentionPolicyInfo.12}.
 */
final class StrictSchema {

    private StrictSchema() {
    }

    static void check(MetaProto.Data d, String what) {
        String at = "";
        known(d, at, what);
        String here = at + "Data.";
        nodes(d.getNodesList(), here + 4 + "/", what);
        nodes(d.getDataNodesList(), here + 10 + "/", what);
        nodes(d.getMetaNodesList(), here + 11 + "/", what);
        for (MetaProto.DatabaseInfo db : d.getDatabasesList()) {
            String dbAt = here + 5 + "/";
            known(db, dbAt, what);
            for (MetaProto.RetentionPolicyInfo rp : db.getRetentionPoliciesList()) {
                String rpAt = dbAt + "DatabaseInfo.3/";
                known(rp, rpAt, what);
                for (MetaProto.ShardGroupInfo g : rp.getShardGroupsList()) {
                    String gAt = rpAt + "RetentionPolicyInfo.5/";
                    known(g, gAt, what);
                    for (MetaProto.ShardInfo sh : g.getShardsList()) {
                        String shAt = gAt + "ShardGroupInfo.5/";
                        known(sh, shAt, what);
                        for (MetaProto.ShardOwner o : sh.getOwnersList()) {
                            known(o, shAt + "ShardInfo.3/", what);
                        }
                    }
                }
                for (MetaProto.SubscriptionInfo sub : rp.getSubscriptionsList()) {
                    known(sub, rpAt + "RetentionPolicyInfo.6/", what);
                }
            }
            for (MetaProto.ContinuousQueryInfo cq : db.getContinuousQueriesList()) {
                known(cq, dbAt + "DatabaseInfo.4/", what);
            }
        }
        for (MetaProto.UserInfo u : d.getUsersList()) {
            String uAt = here + 6 + "/";
            known(u, uAt, what);
            for (MetaProto.UserPrivilege p : u.getPrivilegesList()) {
                known(p, uAt + "UserInfo.4/", what);
            }
        }
    }

    private static void nodes(List<MetaProto.NodeInfo> nodes, String at, String what) {
        for (MetaProto.NodeInfo n : nodes) {
            known(n, at, what);
        }
    }

    /** Throws for the first unknown field of {@code m} (its own fields only; the caller walks the nested ones). */
    private static void known(Message m, String at, String what) {
        UnknownFieldSet unknown = m.getUnknownFields();
        if (unknown.asMap().isEmpty()) {
            return;
        }
        Descriptor type = m.getDescriptorForType();
        Map.Entry<Integer, UnknownFieldSet.Field> first = unknown.asMap().entrySet().iterator().next();
        String where = at + type.getName() + "." + first.getKey();
        if (type.findFieldByNumber(first.getKey()) != null) {
            throw UpgradeException.failed(what + ": field " + where + " has the wrong wire type (the file is corrupt)");
        }
        throw UpgradeException.failed(what + ": unknown field " + where + ": written by a newer InfluxDB than this tool knows"
                + " (0.10 – 1.8); a native restore could lose it, use --via influxd with that version");
    }
}
