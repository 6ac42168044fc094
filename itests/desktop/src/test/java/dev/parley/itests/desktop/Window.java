package dev.parley.itests.desktop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Drives Parley's window from the test thread: finds widgets by their {@code parley.id}, types
 * into them, clicks them and sends keys by posting SWT events to them on the window's thread,
 * reads the text mirrors the drawn views keep, and takes PNG screenshots.
 */
final class Window {
    private final Display display;

    Window(Display display) {
        this.display = display;
    }

    <T> T ui(Supplier<T> s) {
        AtomicReference<T> r = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        display.syncExec(() -> {
            try {
                r.set(s.get());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return r.get();
    }

    void run(Runnable r) {
        ui(() -> {
            r.run();
            return null;
        });
    }

    /** The visible control with this id, in any shell (the main window or a dialog), or null. */
    Control find(String id) {
        return ui(() -> {
            for (Shell s : display.getShells()) {
                if (s.isDisposed() || !s.isVisible()) {
                    continue;
                }
                if (id.equals(s.getData("parley.id"))) {
                    return s;
                }
                Control c = find(s, id);
                if (c != null) {
                    return c;
                }
            }
            return null;
        });
    }

    /** Whether a control with this id exists at all, shown or hidden, in any shell. */
    boolean built(String id) {
        return ui(() -> {
            for (Shell s : display.getShells()) {
                if (!s.isDisposed() && (id.equals(s.getData("parley.id")) || built(s, id))) {
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean built(Composite parent, String id) {
        for (Control c : parent.getChildren()) {
            if (id.equals(c.getData("parley.id")) || c instanceof Composite k && built(k, id)) {
                return true;
            }
        }
        return false;
    }

    private static Control find(Composite parent, String id) {
        for (Control c : parent.getChildren()) {
            if (id.equals(c.getData("parley.id")) && c.isVisible()) {
                return c;
            }
            if (c instanceof Composite k && c.isVisible()) {
                Control found = find(k, id);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    Control await(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Control c = find(id);
            if (c != null) {
                return c;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no visible widget '" + id + "' within " + timeout.toSeconds() + " s");
            }
            pause();
        }
    }

    void type(String id, String text) {
        Control c = await(id, Duration.ofSeconds(10));
        run(() -> {
            ((Text) c).setFocus();
            ((Text) c).setText(text);
        });
    }

    void click(String id) {
        Control c = await(id, Duration.ofSeconds(10));
        run(() -> {
            if (!((Button) c).isEnabled()) {
                throw new AssertionError("button " + id + " is disabled");
            }
            c.notifyListeners(SWT.Selection, new Event());
        });
    }

    /** Ticks or unticks a check box as a click would: the selection, then its Selection event. */
    void check(String id, boolean on) {
        Control c = await(id, Duration.ofSeconds(10));
        run(() -> {
            ((Button) c).setSelection(on);
            c.notifyListeners(SWT.Selection, new Event());
        });
    }

    /** Picks item {@code index} of a combo, list or table, then sends its Selection event. */
    void select(String id, int index) {
        Control c = await(id, Duration.ofSeconds(10));
        run(() -> {
            if (c instanceof org.eclipse.swt.widgets.Combo combo) {
                combo.select(index);
            } else if (c instanceof org.eclipse.swt.widgets.List list) {
                list.select(index);
            } else if (c instanceof org.eclipse.swt.widgets.Table table) {
                table.select(index);
            } else {
                throw new AssertionError(id + " is no combo, list or table");
            }
            c.notifyListeners(SWT.Selection, new Event());
        });
    }

    boolean checked(String id) {
        Control c = await(id, Duration.ofSeconds(10));
        return ui(() -> ((Button) c).getSelection());
    }

    /** The background colour of a widget as 0xRRGGBB. */
    int background(String id) {
        Control c = await(id, Duration.ofSeconds(10));
        return ui(() -> {
            var rgb = c.getBackground().getRGB();
            return (rgb.red << 16) | (rgb.green << 8) | rgb.blue;
        });
    }

    /** The colour of one pixel of a PNG as 0xRRGGBB. */
    static int pixel(Path png, int x, int y) {
        ImageData d = new ImageLoader().load(png.toString())[0];
        var rgb = d.palette.getRGB(d.getPixel(x, y));
        return (rgb.red << 16) | (rgb.green << 8) | rgb.blue;
    }

    /** Where a widget sits in the main window's client area (what {@link #screenshot} saves). */
    org.eclipse.swt.graphics.Point inWindow(String id) {
        Control c = await(id, Duration.ofSeconds(10));
        return ui(() -> {
            Shell shell = mainShell();
            var client = shell.getClientArea();
            var origin = shell.toDisplay(client.x, client.y);
            var at = c.toDisplay(0, 0);
            return new org.eclipse.swt.graphics.Point(at.x - origin.x, at.y - origin.y);
        });
    }

    void mouseDown(String id, int x, int y) {
        Control c = await(id, Duration.ofSeconds(10));
        run(() -> {
            Event e = new Event();
            e.button = 1;
            e.x = x;
            e.y = y;
            c.notifyListeners(SWT.MouseDown, e);
        });
    }

    void key(String id, int keyCode, int stateMask) {
        Control c = await(id, Duration.ofSeconds(10));
        run(() -> {
            c.setFocus();
            Event e = new Event();
            e.keyCode = keyCode;
            e.character = keyCode == SWT.CR ? '\r' : (char) keyCode;
            e.stateMask = stateMask;
            e.doit = true;
            c.notifyListeners(SWT.KeyDown, e);
        });
    }

    /** Sends a real key press through the X server (XTest), to whatever has the focus. */
    void post(int keyCode, int modifier) {
        run(() -> {
            if (modifier != 0) {
                display.post(keyEvent(SWT.KeyDown, modifier));
            }
            display.post(keyEvent(SWT.KeyDown, keyCode));
            display.post(keyEvent(SWT.KeyUp, keyCode));
            if (modifier != 0) {
                display.post(keyEvent(SWT.KeyUp, modifier));
            }
        });
    }

    private static Event keyEvent(int type, int code) {
        Event e = new Event();
        e.type = type;
        // keys without a printable character go by key code (the toolkit maps them to X key symbols)
        if (code < 0x10000 && code != SWT.CR && code != SWT.ESC && code != SWT.TAB) {
            e.character = (char) code;
        } else {
            e.keyCode = code;
        }
        if (code == SWT.CR) {
            e.character = '\r';
        }
        return e;
    }

    String text(String id) {
        Control c = await(id, Duration.ofSeconds(10));
        return ui(() -> c instanceof Text t ? t.getText()
                : c instanceof org.eclipse.swt.widgets.Label l ? l.getText()
                : c instanceof Button b ? b.getText() : String.valueOf(c.getData("parley.value")));
    }

    Object data(String id, String key) {
        Control c = await(id, Duration.ofSeconds(10));
        return ui(() -> c.getData(key));
    }

    @SuppressWarnings("unchecked")
    List<String> rows(String id) {
        Object o = data(id, "parley.rows");
        return o == null ? List.of() : new ArrayList<>((List<String>) o);
    }

    String title() {
        return ui(() -> mainShell().getText());
    }

    Shell mainShell() {
        for (Shell s : display.getShells()) {
            if ("main".equals(s.getData("parley.id"))) {
                return s;
            }
        }
        throw new AssertionError("no main window");
    }

    /** Waits for {@code condition} (checked on the window's thread), failing with {@code what}. */
    void until(String what, Supplier<Boolean> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(ui(condition))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Saves what the screen shows over the main window (dialogs included) as a PNG. */
    Path screenshot(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        // let pending layouts and paints run first
        run(() -> {
            for (Shell s : display.getShells()) {
                s.layout(true, true);
                s.redraw();
                s.update();
            }
        });
        run(() -> {
            while (display.readAndDispatch()) {
                // drain
            }
        });
        run(() -> {
            Shell shell = mainShell();
            Rectangle b = shell.getBounds();
            Rectangle client = shell.getClientArea();
            var origin = shell.toDisplay(client.x, client.y);
            Image image = new Image(display, client.width, client.height);
            GC gc = new GC(display);
            gc.copyArea(image, origin.x, origin.y);
            gc.dispose();
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {image.getImageData()};
            loader.save(file.toString(), SWT.IMAGE_PNG);
            image.dispose();
            if (b.width <= 0) {
                throw new AssertionError("empty window");
            }
        });
        return file;
    }
}
