package io.loyaltydesk.rewards;

import java.time.Instant;
import java.util.List;

/**
 * What a program manager says about a reward, as sent by the API and the console. {@code stock} counts only
 * when a reward is created (null: unlimited); afterwards stock changes go through
 * {@link RewardCatalog#addStock}, so that a concurrent redemption is never overwritten.
 */
public record RewardDefinition(String name, String description, Reward.Kind kind, Reward.ValueBand valueBand,
        Long costPoints, Reward.Visibility visibility, List<String> tierCodes, List<String> segmentCodes,
        Reward.Status status, Instant validFrom, Instant validTo, Integer stock, Integer limitPerMember, Long discountMinor, String currency,
        Reward.CodeSource codeSource, Integer codeLength, String codeAlphabet, Integer codeValidDays,
        Integer codeUsesMax, List<String> storeCodes, Integer lowPoolThreshold) {
}
