package io.loyaltydesk;

import java.io.Closeable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the SQL statements the application sends, by thread, for tests that keep the number of round trips of a
 * hot path in check. Import {@link Configuration} into a test: it wraps the application's DataSource so that
 * every statement executed on one of its connections is noted with the thread that ran it and its SQL.
 */
public final class SqlCounter {

    /** One round trip: the thread that ran it and its SQL (a JDBC batch is one, noted with its size). */
    public record Executed(String thread, String sql) {
    }

    private static final ConcurrentLinkedQueue<Executed> EXECUTED = new ConcurrentLinkedQueue<>();
    private static volatile boolean recording;

    private SqlCounter() {
    }

    /** Forgets what was noted and starts noting. */
    public static void start() {
        EXECUTED.clear();
        recording = true;
    }

    /** Stops noting and returns what was executed since {@link #start}. */
    public static List<Executed> stop() {
        recording = false;
        return new ArrayList<>(EXECUTED);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        static BeanPostProcessor sqlCountingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource && "dataSource".equals(beanName)
                            ? wrap(dataSource, new Class<?>[] {DataSource.class, Closeable.class}, null)
                            : bean;
                }
            };
        }
    }

    private static Object wrap(Object target, Class<?>[] interfaces, String sql) {
        return Proxy.newProxyInstance(SqlCounter.class.getClassLoader(), interfaces, new Handler(target, sql));
    }

    private record Handler(Object target, String sql) implements InvocationHandler {

        private static final java.util.Map<String, Boolean> EXECUTES = new ConcurrentHashMap<>();

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            var name = method.getName();
            if (target instanceof DataSource && name.equals("close")) {
                ((AutoCloseable) target).close();
                return null;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Connection connection && name.equals("getConnection")) {
                return wrap(connection, new Class<?>[] {Connection.class}, null);
            }
            if (target instanceof Connection) {
                String text = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                if (result instanceof CallableStatement statement) {
                    return wrap(statement, new Class<?>[] {CallableStatement.class}, text);
                }
                if (result instanceof PreparedStatement statement) {
                    return wrap(statement, new Class<?>[] {PreparedStatement.class}, text);
                }
                if (result instanceof Statement statement) {
                    return wrap(statement, new Class<?>[] {Statement.class}, null);
                }
            }
            if (target instanceof Statement && recording && name.startsWith("execute")) {
                var text = sql != null ? sql : args != null && args.length > 0 ? String.valueOf(args[0]) : "?";
                if (result instanceof int[] counts) {
                    text += " [batch of " + counts.length + "]";
                }
                EXECUTED.add(new Executed(Thread.currentThread().getName(), text.strip()));
            }
            return result;
        }
    }
}
