/**
 * The report page's script (inline, allowed by its CSP hash). It reads the JSON payload
 * (payload.ts) and renders the summary, the incident list (sorted, paged, searchable) and, when an
 * incident is opened, its entity graph, timeline and alerts. Log text only ever reaches the page
 * through textContent / createTextNode, never as HTML.
 * Plain ES2017 in a string (the page runs it as is): no template literals inside.
 */
export const CLIENT_SCRIPT = String.raw`(function(){
'use strict';
var D=JSON.parse(document.getElementById('data').textContent);
var S=D.s, SEV=['Informational','Low','Medium','High'], SEVC=['#546e7a','#f9a825','#ef6c00','#c62828'];
var COLS=['account','host','IP','cloud app / resource'];
var SVGNS='http://www.w3.org/2000/svg';
function el(tag,attrs,kids){var e=document.createElement(tag);if(attrs)for(var k in attrs){if(k==='text')e.textContent=attrs[k];else if(k==='cls')e.className=attrs[k];else e.setAttribute(k,attrs[k]);}if(kids)for(var i=0;i<kids.length;i++){var c=kids[i];if(c===null||c===undefined)continue;e.appendChild(typeof c==='string'?document.createTextNode(c):c);}return e;}
function sv(tag,attrs,text){var e=document.createElementNS(SVGNS,tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text!==undefined)e.textContent=text;return e;}
function fmt(t){if(t<0)return '?';return new Date(t*1000).toISOString().replace('T',' ').slice(0,19);}
function n(k,w){return k.toLocaleString('en-US')+' '+w+(k===1?'':'s');}
function sevBadge(s){return el('span',{cls:'sev',style:'background:'+SEVC[s],text:SEV[s]});}
var A=D.al, I=D.inc, R=D.rules, E=D.ent, NODES=D.nodes;
// Order: baseline rules last, then severity (high first), then first event time, then id.
var order=I.map(function(_,i){return i;});
order.sort(function(x,y){var a=I[x],b=I[y];return (R[a[2]][1]-R[b[2]][1])||(b[3]-a[3])||(a[4]-b[4])||(a[0]<b[0]?-1:a[0]>b[0]?1:0);});
var totalAlerts=A.length;
function entLabel(i){return S[E[i][0]]+': '+S[E[i][1]];}
// ---- search ----
var hay=null;
function alertHay(j){var a=A[j],p=[a[0],S[a[1]],S[R[a[2]][0]],SEV[a[3]]];var es=a[8];for(var k=0;k<es.length;k++){p.push(S[E[es[k]][1]]);p.push(S[E[es[k]][2]]);}if(a[9]>=0)p.push(S[a[9]]);if(a[10]>=0)p.push(S[a[10]]);var ch=a[11];for(var c=0;c<ch.length;c++)for(var d=0;d<ch[c].length;d++)for(var m=0;m<ch[c][d].length;m++)p.push(S[NODES[ch[c][d][m]][1]]);var ev=a[12];for(var r=0;r<ev.length;r++)for(var q=1;q<ev[r].length;q++)p.push(S[ev[r][q]]);var inc=I[a[7]];if(inc){p.push(inc[0]);p.push(S[inc[1]]);if(inc[9]>=0)p.push(S[inc[9]]);}return p.join('\n').toLowerCase();}
function buildHay(){if(hay)return;hay=new Array(A.length);for(var j=0;j<A.length;j++)hay[j]=alertHay(j);}
var query=[], matchAlert=null, visible=order;
function applySearch(q){query=q.toLowerCase().split(/\s+/).filter(Boolean);if(!query.length){matchAlert=null;visible=order;return;}
 buildHay();matchAlert=new Uint8Array(A.length);var incHit=new Uint8Array(I.length);
 for(var j=0;j<A.length;j++){var h=hay[j],ok=true;for(var t=0;t<query.length;t++)if(h.indexOf(query[t])<0){ok=false;break;}if(ok){matchAlert[j]=1;incHit[A[j][7]]=1;}}
 visible=order.filter(function(i){return incHit[i]===1;});}
// ---- tabs ----
var tabs=document.querySelectorAll('nav.tabs button');
function show(name){for(var i=0;i<tabs.length;i++){var on=tabs[i].getAttribute('data-tab')===name;tabs[i].className=on?'on':'';var p=document.getElementById('tab-'+tabs[i].getAttribute('data-tab'));if(p)p.hidden=!on;}}
for(var ti=0;ti<tabs.length;ti++)tabs[ti].addEventListener('click',function(ev){show(ev.currentTarget.getAttribute('data-tab'));});
// ---- summary ----
function top(countOf,keyLabel){var arr=[];countOf.forEach(function(v,k){arr.push([k,v]);});arr.sort(function(a,b){return b[1]-a[1]||(keyLabel(a[0])<keyLabel(b[0])?-1:1);});return arr;}
function topTable(title,arr,keyLabel,searchText){var shownN=Math.min(10,arr.length);var rows=[];for(var i=0;i<shownN;i++){var k=arr[i][0];var a=el('a',{href:'#',text:keyLabel(k),'data-q':searchText(k)});a.addEventListener('click',function(ev){ev.preventDefault();var s=document.getElementById('search');s.value=ev.currentTarget.getAttribute('data-q');runSearch();show('incidents');});rows.push(el('tr',null,[el('td',{cls:'lbl'},[a]),el('td',{cls:'num',text:arr[i][1].toLocaleString('en-US')})]));}
 return el('div',{cls:'top'},[el('h3',{text:title}),el('table',{cls:'top'},[el('thead',null,[el('tr',null,[el('th',{text:'name'}),el('th',{cls:'num',text:'alerts'})])]),el('tbody',null,rows)]),el('p',{cls:'muted',text:arr.length>shownN?'top '+shownN+' of '+arr.length.toLocaleString('en-US')+' (search finds the others)':arr.length?'all '+arr.length+' shown':'none'})]);}
function summary(){var box=document.getElementById('summary');var byType=[new Map(),new Map(),new Map(),new Map()],rules=new Map(),days=new Map();var minT=Infinity,maxT=-Infinity;
 for(var j=0;j<A.length;j++){var a=A[j];rules.set(a[2],(rules.get(a[2])||0)+1);var seen={};
  var ch=a[11];for(var c=0;c<ch.length;c++)for(var d=0;d<ch[c].length;d++)for(var m=0;m<ch[c][d].length;m++){var nd=ch[c][d][m];if(seen[nd])continue;seen[nd]=1;var col=NODES[nd][0];byType[col].set(nd,(byType[col].get(nd)||0)+1);}
  var t=a[5]>=0?a[5]:a[4];if(t>=0){minT=Math.min(minT,t);maxT=Math.max(maxT,a[6]>=0?a[6]:t);var day=new Date(t*1000).toISOString().slice(0,10);var dd=days.get(day);if(!dd){dd=[0,0,0,0];days.set(day,dd);}dd[a[3]]++;}}
 var hi=0;for(var i=0;i<I.length;i++)if(I[i][3]===3)hi++;
 var cards=el('div',{cls:'cards'},[card(I.length,'incidents'),card(A.length,'alerts'),card(hi,'high-severity incidents'),card(R.length,'rules that alerted'),el('div',{cls:'card'},[el('b',{cls:'small',text:minT<Infinity?fmt(minT)+' → '+fmt(maxT):'–'}),'event time span (UTC)'])]);
 box.appendChild(cards);
 var nodeLabel=function(k){return S[NODES[k][1]];};
 var grid=el('div',{cls:'tops'},[topTable('Top accounts',top(byType[0],nodeLabel),nodeLabel,nodeLabel),topTable('Top hosts',top(byType[1],nodeLabel),nodeLabel,nodeLabel),topTable('Top IPs',top(byType[2],nodeLabel),nodeLabel,nodeLabel),topTable('Top cloud apps and resources',top(byType[3],nodeLabel),nodeLabel,nodeLabel),topTable('Top rules',top(rules,function(k){return S[R[k][0]];}),function(k){return S[R[k][0]];},function(k){return S[R[k][0]];})]);
 box.appendChild(grid);
 box.appendChild(el('p',{cls:'muted',text:'Accounts, hosts, IPs and cloud apps/resources come from the alerts\' entities and their evidence rows (the first '+D.limits.graphRows+' rows of each alert); counts are alerts.'}));
 box.appendChild(el('h3',{text:'Alerts per day (by first event time, UTC)'}));box.appendChild(dayChart(days));}
function card(v,w){return el('div',{cls:'card'},[el('b',{text:v.toLocaleString('en-US')}),w]);}
function dayChart(days){var keys=[];days.forEach(function(_,k){keys.push(k);});keys.sort();if(!keys.length)return el('p',{cls:'muted',text:'No event times.'});
 var max=1;keys.forEach(function(k){var d=days.get(k);max=Math.max(max,d[0]+d[1]+d[2]+d[3]);});
 var bw=Math.max(6,Math.min(40,Math.floor(1000/keys.length))),H=160,W=keys.length*bw+60;var svg=sv('svg',{'class':'days',width:W,height:H+40,viewBox:'0 0 '+W+' '+(H+40),role:'img','aria-label':'alerts per day'});
 svg.appendChild(sv('text',{x:0,y:12,'class':'tick'},max.toLocaleString('en-US')));
 keys.forEach(function(k,i){var d=days.get(k),y=H+10,x=50+i*bw;for(var s=3;s>=0;s--){if(!d[s])continue;var h=Math.max(1,d[s]/max*H);y-=h;var r=sv('rect',{x:x,y:y,width:bw-2,height:h,fill:SEVC[s]});r.appendChild(sv('title',{},k+': '+d[s]+' '+SEV[s]));svg.appendChild(r);}
  var tot=d[0]+d[1]+d[2]+d[3];var g=sv('rect',{x:x,y:10,width:bw-2,height:H,fill:'transparent'});g.appendChild(sv('title',{},k+': '+tot+' alert'+(tot===1?'':'s')));svg.appendChild(g);
  if(keys.length<=31||i%Math.ceil(keys.length/31)===0)svg.appendChild(sv('text',{x:x+(bw-2)/2,y:H+24,'class':'tick','text-anchor':'middle'},k.slice(5)));});
 return el('div',{cls:'scroll'},[svg]);}
// ---- incidents ----
var page=0,pageSize=50;
function runSearch(){applySearch(document.getElementById('search').value);page=0;renderList();}
function renderList(){var box=document.getElementById('list');box.textContent='';var pages=Math.max(1,Math.ceil(visible.length/pageSize));if(page>=pages)page=pages-1;
 var from=page*pageSize,to=Math.min(visible.length,from+pageSize);
 document.getElementById('shown').textContent=visible.length.toLocaleString('en-US');
 var rg=document.getElementById('range');rg.setAttribute('data-q',document.getElementById('search').value);rg.textContent=!I.length?'no incidents':visible.length?'incidents '+(from+1).toLocaleString('en-US')+'–'+to.toLocaleString('en-US')+' of '+visible.length.toLocaleString('en-US')+' · page '+(page+1)+' of '+pages:'no incident matches';
 document.getElementById('page').value=String(page+1);document.getElementById('page').max=String(pages);document.getElementById('pages').textContent=String(pages);
 document.getElementById('prev').disabled=page===0;document.getElementById('next').disabled=page>=pages-1;
 var lastBase=-1;for(var k=from;k<to;k++){var i=visible[k];if(R[I[i][2]][1]&&lastBase<0){lastBase=k;box.appendChild(el('h3',{cls:'muted',text:'Baseline rules (the seed rule, verbatim) — listed after the others'}));}box.appendChild(incidentCard(i));}}
function chips(ids,max){var out=el('div',{cls:'chips'});for(var k=0;k<ids.length&&k<max;k++){var c=el('span',{cls:'chip',text:entLabel(ids[k]),title:S[E[ids[k]][2]]});out.appendChild(c);}if(ids.length>max)out.appendChild(el('span',{cls:'muted',text:' +'+(ids.length-max)+' more entities (open the incident)'}));return out;}
function incidentCard(i){var x=I[i];var alerts=x[8];var m=alerts.length;if(matchAlert){m=0;for(var k=0;k<alerts.length;k++)if(matchAlert[alerts[k]])m++;}
 var head=el('summary',null,[el('h3',{cls:'inc-title'},[sevBadge(x[3]),S[x[1]]]),el('div',{cls:'meta'},[el('span',{cls:'when',text:fmt(x[4])+' → '+fmt(x[5])+' UTC'}),' · '+S[R[x[2]][0]]+' · ',el('span',{cls:'nalerts',text:n(alerts.length,'alert')}),matchAlert&&m<alerts.length?' ('+m+' match)':'',x[9]>=0?' · ground truth: ':'',x[9]>=0?el('b',{text:S[x[9]]}):null]),chips(x[10],8)]);
 var det=el('details',{cls:'incident','data-incident':x[0],'data-severity':SEV[x[3]],'data-alerts':String(alerts.length)},[head]);
 det.addEventListener('toggle',function(){if(det.open&&!det.getAttribute('data-done')){det.setAttribute('data-done','1');det.appendChild(incidentBody(i));}});
 return el('section',{cls:'incident'},[det]);}
function incidentBody(i){var x=I[i];var body=el('div',{cls:'body'});
 body.appendChild(el('p',{cls:'muted',text:'Incident '+x[0]+' · events '+fmt(x[4])+' → '+fmt(x[5])+' UTC · raised by the rule runs of '+fmt(x[6])+(x[7]!==x[6]?' → '+fmt(x[7]):'')+' UTC'}));
 body.appendChild(el('h4',{text:'Entity graph'}));body.appendChild(graph(x[8]));
 var all=x[8],sel=all;if(matchAlert){sel=all.filter(function(j){return matchAlert[j]===1;});}
 var alertBox=el('div');var state={page:0,list:sel};
 function draw(){alertBox.textContent='';var per=25,pages=Math.max(1,Math.ceil(state.list.length/per));var from=state.page*per,to=Math.min(state.list.length,from+per);
  var bar=el('div',{cls:'pager'},[el('span',{text:'alerts '+(state.list.length?from+1:0)+'–'+to+' of '+state.list.length+(state.list.length<all.length?' matching the search (of '+all.length+')':'')+' · page '+(state.page+1)+' of '+pages+' '})]);
  var pb=el('button',{type:'button',text:'◀ previous alerts'});pb.disabled=state.page===0;pb.addEventListener('click',function(){state.page--;draw();});
  var nb=el('button',{type:'button',text:'next alerts ▶','class':'next-alerts'});nb.disabled=state.page>=pages-1;nb.addEventListener('click',function(){state.page++;draw();});
  bar.appendChild(pb);bar.appendChild(nb);
  if(state.list.length<all.length){var sa=el('button',{type:'button',text:'show all '+all.length+' alerts'});sa.addEventListener('click',function(){state.list=all;state.page=0;draw();});bar.appendChild(sa);}
  alertBox.appendChild(bar);var slice=state.list.slice(from,to);
  alertBox.appendChild(el('h4',{text:'Timeline of the alerts on this page'}));alertBox.appendChild(el('p',{cls:'muted',text:'Bars: each alert\'s event span; dots: its evidence rows kept in this report (at most 60 an alert).'}));alertBox.appendChild(timeline(slice));
  for(var k=0;k<slice.length;k++)alertBox.appendChild(alertView(slice[k]));}
 draw();body.appendChild(alertBox);return body;}
function alertView(j){var a=A[j];var sum=el('summary',null,[sevBadge(a[3]),S[a[1]],' ',el('span',{cls:'muted',text:fmt(a[5])+' → '+fmt(a[6])+' UTC'})]);
 var d=el('details',{cls:'alert','data-alert':a[0]},[sum]);
 d.addEventListener('toggle',function(){if(!d.open||d.getAttribute('data-done'))return;d.setAttribute('data-done','1');
  d.appendChild(el('p',{cls:'muted',text:'alert '+a[0]+' · rule '+S[R[a[2]][0]]+' · rule run '+fmt(a[4])+' UTC'}));
  if(a[9]>=0)d.appendChild(el('p',{cls:'desc',text:S[a[9]]}));
  if(a[8].length)d.appendChild(chips(a[8],1e9));
  if(a[10]>=0)d.appendChild(el('pre',{cls:'cd',text:S[a[10]]}));
  d.appendChild(evidence(a[12],a[13]));});
 return d;}
var PREF=['TimeGenerated','Timestamp','StartTime','EndTime','Type','DeviceName','AccountName','UserPrincipalName','PrincipalEmail','UserIdentityArn','IPAddress','SourceIpAddress','AppDisplayName','OperationName','EventName','MethodName','ProcessCommandLine'];
function evidence(packed,total){var rows=packed.map(function(r){var o={},names=D.cols[r[0]];for(var q=0;q<names.length;q++)o[S[names[q]]]=S[r[q+1]];return o;});if(!total)return el('p',{cls:'muted',text:'No evidence rows.'});var wrap=el('div');
 if(rows.length){var present={};for(var r=0;r<rows.length;r++)for(var k in rows[r])present[k]=1;var cols=PREF.filter(function(c){return present[c];});for(var c in present)if(cols.indexOf(c)<0)cols.push(c);
  var thead=el('tr',null,cols.map(function(c){return el('th',{text:c});}));var body=rows.map(function(row){return el('tr',null,cols.map(function(c){return el('td',{text:row[c]===undefined?'':row[c]});}));});
  wrap.appendChild(el('div',{cls:'scroll'},[el('table',{cls:'ev'},[el('thead',null,[thead]),el('tbody',null,body)])]));}
 if(rows.length<total)wrap.appendChild(el('p',{cls:'limit',text:(total-rows.length)+' of '+total+' evidence rows are not in this report (limit: '+D.limits.evidenceRowsPerAlert+' rows per alert and '+Math.round(D.limits.budget/1e6)+' MB for the whole report); the alert record (detect --format jsonl) has them all.'}));
 return wrap;}
var TIMECOLS={TimeGenerated:1,Timestamp:1,CreatedDateTime:1,ActivityDateTime:1,EventTime:1};
function evTimes(a){var out=[],ev=a[12];for(var r=0;r<ev.length&&out.length<60;r++){var names=D.cols[ev[r][0]];for(var q=0;q<names.length;q++){if(TIMECOLS[S[names[q]]]){var t=Date.parse(S[ev[r][q+1]]);if(t===t)out.push(Math.floor(t/1000));break;}}}return out;}
function timeline(js){if(!js.length)return el('p',{cls:'muted',text:'No alerts.'});var t0=Infinity,t1=-Infinity;js.forEach(function(j){var a=A[j];if(a[5]>=0)t0=Math.min(t0,a[5]);t1=Math.max(t1,a[6],a[5]);evTimes(a).forEach(function(et){t0=Math.min(t0,et);t1=Math.max(t1,et);});});if(!(t0<Infinity))return el('p',{cls:'muted',text:'No event times.'});
 var pad=Math.max(60,(t1-t0)*0.05);t0-=pad;t1+=pad;var W=860,left=260,right=16,top=22,lane=22,H=top+js.length*lane+24;var x=function(t){return left+(t-t0)/(t1-t0)*(W-left-right);};
 var svg=sv('svg',{'class':'timeline',width:W,height:H,viewBox:'0 0 '+W+' '+H,role:'img','aria-label':'alert timeline'});
 svg.appendChild(sv('text',{x:left,y:12,'class':'tick'},fmt(t0)+' UTC'));svg.appendChild(sv('text',{x:W-right,y:12,'class':'tick','text-anchor':'end'},fmt(t1)+' UTC'));
 js.forEach(function(j,i){var a=A[j],y=top+i*lane;var t=S[a[1]];var lab=sv('text',{x:left-8,y:y+14,'class':'lane','text-anchor':'end'},t.length>38?t.slice(0,37)+'…':t);lab.appendChild(sv('title',{},t));svg.appendChild(lab);
  if(a[5]>=0){var x0=x(a[5]),w=Math.max(4,x(a[6])-x0);var r=sv('rect',{x:x0.toFixed(1),y:y+4,width:w.toFixed(1),height:13,rx:3,fill:SEVC[a[3]],'fill-opacity':'0.3',stroke:SEVC[a[3]]});r.appendChild(sv('title',{},fmt(a[5])+' → '+fmt(a[6])+' UTC'));svg.appendChild(r);}
  evTimes(a).forEach(function(et){if(et<t0||et>t1)return;var c=sv('circle',{cx:x(et).toFixed(1),cy:y+10,r:3.5,fill:'#37474f'});c.appendChild(sv('title',{},'evidence row at '+fmt(et)+' UTC'));svg.appendChild(c);});});
 return el('div',{cls:'scroll'},[svg]);}
function graph(js){var cnt=[new Map(),new Map(),new Map(),new Map()],edges=new Map();
 js.forEach(function(j){var ch=A[j][11];for(var c=0;c<ch.length;c++){var cols=ch[c];for(var d=0;d<cols.length;d++)for(var m=0;m<cols[d].length;m++){var nd=cols[d][m];var col=NODES[nd][0];cnt[col].set(nd,(cnt[col].get(nd)||0)+1);}
  for(var d2=0;d2+1<cols.length;d2++)for(var p=0;p<cols[d2].length;p++)for(var q=0;q<cols[d2+1].length;q++){var k=cols[d2][p]+','+cols[d2+1][q];edges.set(k,(edges.get(k)||0)+1);}}});
 var MAX=8,shown=cnt.map(function(mp){var arr=[];mp.forEach(function(v,k){arr.push([k,v]);});arr.sort(function(a,b){return b[1]-a[1]||(S[NODES[a[0]][1]]<S[NODES[b[0]][1]]?-1:1);});return arr;});
 var rows=1;shown.forEach(function(s){rows=Math.max(rows,Math.min(MAX,s.length)+(s.length>MAX?1:0));});
 var W=880,colW=W/4,rowH=32,top=30,H=top+rows*rowH+8,pos={};var svg=sv('svg',{'class':'graph',width:W,height:H,viewBox:'0 0 '+W+' '+H,role:'img','aria-label':'entity graph'});
 COLS.forEach(function(c,i){svg.appendChild(sv('text',{x:colW*i+colW/2,y:16,'class':'colhead','text-anchor':'middle'},c+' ('+shown[i].length+')'));});
 shown.forEach(function(s,c){s.slice(0,MAX).forEach(function(e,i){pos[e[0]]=[colW*c+colW/2,top+i*rowH+rowH/2];});});
 edges.forEach(function(v,k){var ab=k.split(','),pa=pos[ab[0]],pb=pos[ab[1]];if(!pa||!pb)return;var x1=pa[0]+75,x2=pb[0]-75;if(pb[0]<pa[0]){x1=pa[0]-75;x2=pb[0]+75;}var mx=(x1+x2)/2;svg.appendChild(sv('path',{d:'M'+x1+','+pa[1]+' C'+mx+','+pa[1]+' '+mx+','+pb[1]+' '+x2+','+pb[1],'class':'edge','stroke-width':String(Math.min(4,1+Math.log(v)/Math.LN2))}));});
 var fills=['#e3f2fd','#f3e5f5','#fff3e0','#e8f5e9'];
 shown.forEach(function(s,c){s.slice(0,MAX).forEach(function(e){var p=pos[e[0]],name=S[NODES[e[0]][1]];var g=sv('g',{'class':'node'});g.appendChild(sv('rect',{x:p[0]-75,y:p[1]-12,width:150,height:24,rx:12,fill:fills[c],stroke:'#90a4ae'}));g.appendChild(sv('text',{x:p[0],y:p[1]+4,'text-anchor':'middle','class':'nodetext'},name.length>24?name.slice(0,23)+'…':name));g.appendChild(sv('title',{},name+' ('+e[1]+' alert'+(e[1]===1?'':'s')+')'));svg.appendChild(g);});
  if(s.length>MAX){var rest=s.slice(MAX).map(function(e){return S[NODES[e[0]][1]];});var t=sv('text',{x:colW*c+colW/2,y:top+MAX*rowH+rowH/2+4,'class':'tick','text-anchor':'middle'},'+'+(s.length-MAX)+' more (hover for the list)');t.appendChild(sv('title',{},rest.join('\n')));svg.appendChild(t);}});
 if(!edges.size&&!shown.some(function(s){return s.length;}))return el('p',{cls:'muted',text:'No accounts, hosts, IPs or cloud apps in these alerts.'});
 return el('div',{cls:'scroll'},[svg]);}
// ---- wiring ----
var timer=0;document.getElementById('search').addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(runSearch,120);});
document.getElementById('prev').addEventListener('click',function(){page--;renderList();window.scrollTo(0,document.getElementById('tab-incidents').offsetTop);});
document.getElementById('next').addEventListener('click',function(){page++;renderList();window.scrollTo(0,document.getElementById('tab-incidents').offsetTop);});
document.getElementById('page').addEventListener('change',function(ev){var v=parseInt(ev.target.value,10);if(v>=1){page=v-1;renderList();}});
document.getElementById('pagesize').addEventListener('change',function(ev){pageSize=parseInt(ev.target.value,10)||50;page=0;renderList();});
summary();renderList();
var L=D.limits,notes=[];
notes.push('Incidents are sorted by severity, then first event time; '+pageSize+' a page (change below). Every alert is in exactly one incident; open an incident to page through its alerts (25 a page).');
if(L.evidenceRowsShown<L.evidenceRowsTotal)notes.push('Evidence: '+L.evidenceRowsShown.toLocaleString('en-US')+' of '+L.evidenceRowsTotal.toLocaleString('en-US')+' rows are in this report ('+L.alertsWithCutEvidence.toLocaleString('en-US')+' alerts show only some: at most '+L.evidenceRowsPerAlert+' rows an alert, '+Math.round(L.budget/1e6)+' MB for the report). The alert records (detect --format jsonl) have every row.');
else notes.push('Evidence: all '+L.evidenceRowsTotal.toLocaleString('en-US')+' rows are in this report.');
if(L.textCut)notes.push(L.textCut.toLocaleString('en-US')+' long texts were cut at '+L.textMax+' characters (the cut is marked where it happens).');
if(L.orphanAlertIds)notes.push(L.orphanAlertIds+' alert ids named by incidents were not among the alerts given.');
var lim=document.getElementById('limits');notes.forEach(function(t){lim.appendChild(el('li',{text:t}));});
document.body.setAttribute('data-ready','1');
})();`;
