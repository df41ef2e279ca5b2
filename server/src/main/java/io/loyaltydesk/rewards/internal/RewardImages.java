package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.rewards.RewardCatalog;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Serves reward images publicly (the portal and the console show them); content types were checked on upload. */
@Controller
class RewardImages {

    private final RewardCatalog catalog;

    RewardImages(RewardCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/media/rewards/{id}")
    ResponseEntity<byte[]> image(@PathVariable long id) {
        return catalog.image(id)
                .map(image -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(image.contentType()))
                        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                        .header("Content-Disposition", "inline")
                        .body(image.bytes()))
                .orElse(ResponseEntity.notFound().build());
    }
}
