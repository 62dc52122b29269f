package com.associationenricher.hubspot;

import com.associationenricher.config.HubSpotSettings;
import com.associationenricher.ops.EnricherMetrics;

/** Builds the instance's one {@link AssociationsReader} from the configuration, shared by every stream thread. */
public final class AssociationsReaders {
    private AssociationsReaders() {
    }

    public static AssociationsReader create(HubSpotSettings settings, EnricherMetrics metrics) {
        TokenProvider tokens = settings.tokenFile().<TokenProvider>map(FileTokenProvider::new)
                .orElseGet(() -> new StaticTokenProvider(settings.resolveToken()));
        return new HubSpotAssociationsClient(settings.baseUrl(), tokens, settings.requestTimeout());
    }
}
