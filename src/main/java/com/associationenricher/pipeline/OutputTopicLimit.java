package com.associationenricher.pipeline;

import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output topic's own {@code max.message.bytes}, read once at start-up, so that {@link OutputGuard} never sends a
 * record the broker will refuse: under exactly-once such a refusal aborts the transaction and the task would fail on
 * the same answer again and again. Unknown (no permission to describe configs) means the broker default applies.
 */
final class OutputTopicLimit {
    private static final Logger LOG = LoggerFactory.getLogger(OutputTopicLimit.class);

    private OutputTopicLimit() {
    }

    static OptionalLong maxMessageBytes(Properties adminProperties, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(adminProperties)) {
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(entry.value()));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("Cannot read {} of topic {} ({}); assuming the broker default", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, topic,
                    e.toString());
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
