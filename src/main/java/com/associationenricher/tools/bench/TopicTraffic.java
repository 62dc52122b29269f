package com.associationenricher.tools.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What an application made the broker write to its internal topics (changelogs and repartition topics, named
 * {@code <application.id>-...}): bytes on the broker's disk (record batches, headers and transaction markers included)
 * and offsets used (records and markers), read once the run is over.
 */
record TopicTraffic(long changelogBytes, long changelogOffsets, long repartitionBytes, long repartitionOffsets) {
    static final TopicTraffic NONE = new TopicTraffic(0, 0, 0, 0);

    static TopicTraffic of(String bootstrap, String applicationId) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(config)) {
            Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(applicationId + "-")).collect(Collectors.toSet());
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            long[] bytes = new long[2];
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    dir.replicaInfos().forEach((partition, replica) -> {
                        if (topics.contains(partition.topic())) {
                            bytes[partition.topic().endsWith("-changelog") ? 0 : 1] += replica.size();
                        }
                    });
                }
            }
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            long[] offsets = new long[2];
            admin.listOffsets(latest).all().get().forEach((partition, info) ->
                    offsets[partition.topic().endsWith("-changelog") ? 0 : 1] += info.offset());
            return new TopicTraffic(bytes[0], offsets[0], bytes[1], offsets[1]);
        }
    }
}
