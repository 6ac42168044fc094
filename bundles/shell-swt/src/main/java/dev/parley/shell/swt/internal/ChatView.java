package dev.parley.shell.swt.internal;

import dev.parley.shell.swt.presentation.ChatMessage;
import dev.parley.shell.swt.presentation.Delivery;
import dev.parley.shell.swt.presentation.TextSegment;
import dev.parley.shell.swt.presentation.Times;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Cursor;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.TextLayout;
import org.eclipse.swt.graphics.TextStyle;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * The conversation, drawn as bubbles: ours on the right in the accent colour, theirs on the left;
 * actions in italics; time and delivery mark (pending, sent, delivered) under each of ours;
 * links underlined and opened with the desktop's browser on click. Emoji are drawn by the
 * platform's text renderer. Rows are mirrored as text in widget data {@code parley.rows}.
 */
final class ChatView {
    private static final int PAD_X = 14;
    private static final int PAD_Y = 9;
    private static final int GAP = 8;
    private static final int MARGIN = 22;

    private record Item(ChatMessage message, TextLayout layout, List<int[]> links, List<String> targets,
                        int x, int y, int w, int h) {
    }

    private final Theme theme;
    private final Canvas canvas;
    private final Cursor hand;
    private List<ChatMessage> messages = List.of();
    private final List<Item> items = new ArrayList<>();
    private int total;
    private int top;
    private String emptyText = "";

    ChatView(Composite parent, Theme theme) {
        this.theme = theme;
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL | SWT.NO_BACKGROUND);
        canvas.setData("parley.id", "chat");
        hand = new Cursor(canvas.getDisplay(), SWT.CURSOR_HAND);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> relayout(true));
        canvas.addListener(SWT.MouseVerticalWheel, e -> scrollTo(top - e.count * 20));
        ScrollBar bar = canvas.getVerticalBar();
        bar.addListener(SWT.Selection, e -> scrollTo(bar.getSelection()));
        canvas.addListener(SWT.MouseMove, e -> canvas.setCursor(linkAt(e.x, e.y) != null ? hand : null));
        canvas.addListener(SWT.MouseUp, e -> {
            String link = linkAt(e.x, e.y);
            if (link != null && e.button == 1) {
                Program.launch(link);
            }
        });
        canvas.addListener(SWT.Dispose, e -> {
            disposeLayouts();
            hand.dispose();
        });
    }

    Canvas control() {
        return canvas;
    }

    void setEmptyText(String text) {
        emptyText = text;
        canvas.redraw();
    }

    void show(List<ChatMessage> list) {
        boolean atBottom = top + canvas.getClientArea().height >= total - 4;
        boolean grew = list.size() > messages.size();
        messages = list;
        List<String> rows = new ArrayList<>();
        for (ChatMessage m : list) {
            rows.add((m.outgoing() ? "OUT" : "IN") + "|" + m.delivery().name() + "|" + m.kind().name() + "|" + m.text());
        }
        canvas.setData("parley.rows", rows);
        relayout(atBottom || grew);
    }

    private void disposeLayouts() {
        for (Item i : items) {
            i.layout().dispose();
        }
        items.clear();
    }

    private void relayout(boolean toBottom) {
        disposeLayouts();
        Rectangle area = canvas.getClientArea();
        int width = Math.max(200, area.width);
        int maxText = Math.min(560, (int) (width * 0.66)) - 2 * PAD_X;
        int y = MARGIN;
        ZoneId zone = ZoneId.systemDefault();
        for (ChatMessage m : messages) {
            TextLayout layout = new TextLayout(canvas.getDisplay());
            layout.setFont(theme.normal);
            layout.setText(m.displayText());
            List<int[]> links = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            int at = 0;
            for (TextSegment s : m.segments()) {
                if (s.isLink()) {
                    TextStyle st = new TextStyle(theme.normal, m.outgoing() ? theme.outgoingLink : theme.link, null);
                    st.underline = true;
                    layout.setStyle(st, at, at + s.text().length() - 1);
                    links.add(new int[] {at, at + s.text().length() - 1});
                    targets.add(s.link());
                }
                at += s.text().length();
            }
            if (m.isAction()) {
                TextStyle st = new TextStyle(theme.normal, null, null);
                st.font = italic();
                layout.setStyle(st, 0, 1);
            }
            if (layout.getBounds().width > maxText) {
                layout.setWidth(maxText);
            }
            Rectangle b = layout.getBounds();
            String meta = meta(m, zone);
            GC gc = new GC(canvas);
            gc.setFont(theme.small);
            Point me = gc.textExtent(meta);
            gc.dispose();
            int w = Math.max(b.width, me.x) + 2 * PAD_X;
            int h = b.height + me.y + 2 * PAD_Y + 2;
            int x = m.outgoing() ? width - MARGIN - w : MARGIN;
            if (m.isAction()) {
                x = (width - w) / 2;
            }
            items.add(new Item(m, layout, links, targets, x, y, w, h));
            y += h + GAP;
        }
        total = y + MARGIN;
        ScrollBar bar = canvas.getVerticalBar();
        int visible = Math.max(1, area.height);
        bar.setMaximum(Math.max(total, 1));
        bar.setThumb(Math.min(visible, Math.max(total, 1)));
        bar.setPageIncrement(visible);
        bar.setIncrement(20);
        bar.setVisible(total > visible);
        scrollTo(toBottom ? total : top);
    }

    private org.eclipse.swt.graphics.Font italicFont;

    private org.eclipse.swt.graphics.Font italic() {
        if (italicFont == null) {
            var fd = theme.normal.getFontData()[0];
            italicFont = new org.eclipse.swt.graphics.Font(canvas.getDisplay(), fd.getName(), fd.getHeight(), SWT.ITALIC);
            canvas.addListener(SWT.Dispose, e -> italicFont.dispose());
        }
        return italicFont;
    }

    private static String meta(ChatMessage m, ZoneId zone) {
        String time = Times.clock(m.time(), zone);
        return m.outgoing() ? time + "  " + m.delivery().mark() : time;
    }

    private void scrollTo(int y) {
        int max = Math.max(0, total - canvas.getClientArea().height);
        top = Math.max(0, Math.min(max, y));
        canvas.getVerticalBar().setSelection(top);
        canvas.redraw();
    }

    private String linkAt(int x, int y) {
        for (Item i : items) {
            int tx = i.x() + PAD_X;
            int ty = i.y() - top + PAD_Y;
            if (x >= tx && y >= ty && x < i.x() + i.w() && y < i.y() - top + i.h()) {
                int[] trailing = new int[1];
                int offset = i.layout().getOffset(x - tx, y - ty, trailing);
                for (int k = 0; k < i.links().size(); k++) {
                    int[] r = i.links().get(k);
                    if (offset >= r[0] && offset <= r[1] && i.layout().getBounds(r[0], r[1]).contains(x - tx, y - ty)) {
                        return i.targets().get(k);
                    }
                }
            }
        }
        return null;
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(theme.chatBackground);
        gc.fillRectangle(area);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        if (items.isEmpty()) {
            gc.setFont(theme.normal);
            gc.setForeground(theme.secondary);
            Point e = gc.textExtent(emptyText);
            gc.drawText(emptyText, (area.width - e.x) / 2, Math.max(20, (area.height - e.y) / 2), true);
            return;
        }
        for (Item i : items) {
            int y = i.y() - top;
            if (y + i.h() < 0 || y > area.height) {
                continue;
            }
            ChatMessage m = i.message();
            if (m.isAction()) {
                gc.setBackground(theme.chatBackground);
                gc.setForeground(theme.border);
                gc.drawRoundRectangle(i.x(), y, i.w() - 1, i.h() - 1, 18, 18);
            } else {
                gc.setBackground(m.outgoing() ? theme.outgoing : theme.incoming);
                gc.fillRoundRectangle(i.x(), y, i.w(), i.h(), 18, 18);
            }
            gc.setForeground(m.outgoing() && !m.isAction() ? theme.white : theme.text);
            i.layout().draw(gc, i.x() + PAD_X, y + PAD_Y);
            gc.setFont(theme.small);
            String meta = meta(m, ZoneId.systemDefault());
            Point me = gc.textExtent(meta);
            boolean light = m.outgoing() && !m.isAction();
            gc.setForeground(light ? (m.delivery() == Delivery.DELIVERED ? theme.white : theme.selection) : theme.secondary);
            gc.drawText(meta, i.x() + i.w() - PAD_X - me.x, y + i.h() - PAD_Y - me.y + 2, true);
        }
    }
}
