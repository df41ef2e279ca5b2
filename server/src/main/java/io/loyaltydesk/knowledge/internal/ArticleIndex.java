package io.loyaltydesk.knowledge.internal;

import io.loyaltydesk.knowledge.Article;
import io.loyaltydesk.knowledge.ArticleChanged;
import io.loyaltydesk.knowledge.KnowledgeBase;
import io.loyaltydesk.knowledge.KnowledgeLocale;
import io.loyaltydesk.knowledge.SearchHit;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * This node's Lucene index of the articles, derived from the database: emptied and filled from it at start-up,
 * updated after each committed change here, and caught up before each search with whatever other nodes changed
 * (one cheap query for the highest revision; see ADR 0015). Scoring is Lucene's default BM25; the title weighs
 * three times the body. English articles go through the English analyzer (Porter stemming), German ones through
 * the German analyzer (light stemming, umlaut folding), each in its own fields.
 */
@Component
public class ArticleIndex {

    private static final Logger log = LoggerFactory.getLogger(ArticleIndex.class);
    static final float TITLE_BOOST = 3f;
    private static final int SNIPPET_CHARS = 220;

    private final KnowledgeBase knowledge;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<KnowledgeLocale, Analyzer> analyzers = Map.of(KnowledgeLocale.EN, new EnglishAnalyzer(),
            KnowledgeLocale.DE, new GermanAnalyzer());
    private volatile long seenRevision = -1;

    ArticleIndex(KnowledgeBase knowledge, KnowledgeProperties properties) throws IOException {
        this.knowledge = knowledge;
        if (properties.indexDir() == null || properties.indexDir().toString().isBlank()) {
            this.directory = new ByteBuffersDirectory();
        } else {
            Files.createDirectories(properties.indexDir());
            this.directory = FSDirectory.open(properties.indexDir());
        }
        var perField = new java.util.HashMap<String, Analyzer>();
        for (var locale : KnowledgeLocale.values()) {
            perField.put(title(locale), analyzers.get(locale));
            perField.put(body(locale), analyzers.get(locale));
        }
        var config = new IndexWriterConfig(new PerFieldAnalyzerWrapper(new StandardAnalyzer(), perField))
                // whatever a folder held from an earlier run is thrown away: the database is the truth
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        this.writer = new IndexWriter(directory, config);
        this.writer.commit();
        this.searchers = new SearcherManager(writer, null);
    }

    /** What a search asks for. */
    public record Search(String text, KnowledgeLocale locale, boolean publishedOnly, Long categoryId, int limit) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void buildAtStartUp() {
        long started = System.nanoTime();
        catchUp();
        log.info("Knowledge index built from the database up to revision {} in {} ms", seenRevision,
                (System.nanoTime() - started) / 1_000_000);
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
    void on(ArticleChanged changed) {
        catchUp();
    }

    /**
     * Brings the index up to the latest committed revision in the database. The check runs outside the lock, so
     * searches on an index that is up to date never wait for one another.
     */
    public void catchUp() {
        long latest = knowledge.latestRevision();
        if (latest <= seenRevision) {
            return;
        }
        synchronized (this) {
            if (latest > seenRevision) {
                indexChanges(latest);
            }
        }
    }

    private void indexChanges(long latest) {
        try {
            long reached = Math.max(seenRevision, latest);
            for (Article article : knowledge.changedAfter(Math.max(seenRevision, 0))) {
                writer.updateDocument(new Term("id", Long.toString(article.id())), document(article));
                reached = Math.max(reached, article.revision());
            }
            writer.commit();
            searchers.maybeRefreshBlocking();
            // only now: a search that sees this revision must also see the documents
            seenRevision = reached;
        } catch (IOException e) {
            throw new UncheckedIOException("could not update the knowledge index", e);
        }
    }

    /** Up to {@code limit} articles, best match first, each with a highlighted snippet. */
    public List<SearchHit> search(Search search) {
        if (search.text() == null || search.text().isBlank()) {
            return List.of();
        }
        catchUp();
        var locale = search.locale();
        var analyzer = analyzers.get(locale);
        Query text;
        try {
            var parser = new MultiFieldQueryParser(new String[] {title(locale), body(locale)}, analyzer,
                    Map.of(title(locale), TITLE_BOOST, body(locale), 1f));
            text = parser.parse(QueryParser.escape(search.text().strip()));
        } catch (ParseException e) {
            text = new MatchNoDocsQuery();
        }
        var query = new BooleanQuery.Builder().add(text, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term("locale", locale.tag())), BooleanClause.Occur.FILTER);
        if (search.publishedOnly()) {
            query.add(new TermQuery(new Term("status", Article.Status.PUBLISHED.name())), BooleanClause.Occur.FILTER);
        }
        if (search.categoryId() != null) {
            query.add(LongPoint.newExactQuery("category", search.categoryId()), BooleanClause.Occur.FILTER);
        }
        var terms = terms(analyzer, body(locale), search.text());
        IndexSearcher searcher = null;
        try {
            searcher = searchers.acquire();
            var top = searcher.search(query.build(), Math.clamp(search.limit(), 1, 50));
            var stored = searcher.storedFields();
            var hits = new ArrayList<SearchHit>();
            for (var scoreDoc : top.scoreDocs) {
                Document doc = stored.document(scoreDoc.doc);
                hits.add(new SearchHit(Long.parseLong(doc.get("id")), doc.get("slug"), locale, doc.get("title"),
                        snippet(analyzer, body(locale), doc.get("text"), terms),
                        Article.Status.valueOf(doc.get("status")), scoreDoc.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("could not search the knowledge index", e);
        } finally {
            if (searcher != null) {
                try {
                    searchers.release(searcher);
                } catch (IOException e) {
                    log.warn("could not release a knowledge index searcher", e);
                }
            }
        }
    }

    @PreDestroy
    void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }

    private Document document(Article article) {
        var doc = new Document();
        var locale = article.locale();
        var text = article.plainText();
        doc.add(new StringField("id", Long.toString(article.id()), Field.Store.YES));
        doc.add(new StringField("locale", locale.tag(), Field.Store.YES));
        doc.add(new StringField("status", article.status().name(), Field.Store.YES));
        doc.add(new StoredField("slug", article.slug()));
        doc.add(new StoredField("title", article.title()));
        doc.add(new StoredField("text", text));
        if (article.categoryId() != null) {
            doc.add(new LongPoint("category", article.categoryId()));
        }
        doc.add(new TextField(title(locale), article.title(), Field.Store.NO));
        doc.add(new TextField(body(locale), text, Field.Store.NO));
        return doc;
    }

    /** The words of the query as the index holds them (stemmed, folded), to find them again in the text. */
    static Set<String> terms(Analyzer analyzer, String field, String text) {
        var terms = new HashSet<String>();
        try (var stream = analyzer.tokenStream(field, text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    /**
     * The stretch of the text with the most query words, the words in {@code <mark>}, everything else escaped.
     * Found by running the text through the same analyzer, so "Punkten" in the text is marked for "Punkt".
     */
    static String snippet(Analyzer analyzer, String field, String text, Set<String> terms) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        var matches = new ArrayList<int[]>();
        try (var stream = analyzer.tokenStream(field, text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            var offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (terms.contains(term.toString())) {
                    matches.add(new int[] {offset.startOffset(), offset.endOffset()});
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = 0;
        int best = 0;
        for (int i = 0; i < matches.size(); i++) {
            int from = matches.get(i)[0];
            int count = 0;
            for (int j = i; j < matches.size() && matches.get(j)[1] <= from + SNIPPET_CHARS; j++) {
                count++;
            }
            if (count > best) {
                best = count;
                start = from;
            }
        }
        // a little context before the first word, starting at a word boundary
        start = Math.max(0, start - 40);
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        int end = Math.min(text.length(), start + SNIPPET_CHARS);
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        var html = new StringBuilder(start > 0 ? "… " : "");
        int at = start;
        for (int[] match : matches) {
            if (match[0] < at || match[1] > end) {
                continue;
            }
            html.append(escape(text.substring(at, match[0]))).append("<mark>")
                    .append(escape(text.substring(match[0], match[1]))).append("</mark>");
            at = match[1];
        }
        html.append(escape(text.substring(at, end)));
        if (end < text.length()) {
            html.append(" …");
        }
        return html.toString().replace('\n', ' ');
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String title(KnowledgeLocale locale) {
        return "title_" + locale.tag();
    }

    private static String body(KnowledgeLocale locale) {
        return "body_" + locale.tag();
    }
}
